// /Users of the SCIM service: the organization's members as its identity provider provisions them. A new
// user becomes a member with an account of no password (it signs in through the company's provider); an
// existing member with that email is taken over, so that people invited before provisioning are matched.
// active false (or DELETE) ends at once every session, grant, token and trusted device of the member, on
// every instance (they live in the shared store); active true gives sign-in back, with no new invitation.
import { AccountExistsError } from '../accounts/account-errors.js';
import type { AccountRepository } from '../accounts/account-repository.js';
import type { SessionRevoker } from '../accounts/session-revoker.js';
import type { TrustedDevices } from '../accounts/trusted-devices.js';
import type { AuditEventType } from '../audit/audit-event.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { OrganizationRepository } from '../organizations/organization-repository.js';
import type { ScimDirectory } from './scim-directory.js';
import { ScimErrors } from './scim-error.js';
import { listResponse, type ListQuery } from './scim-list.js';
import { applyPatch } from './scim-patch.js';
import type { ScimCaller } from './scim-tokens.js';
import { parseUserWrite, userResource, type DirectoryUser, type UserWrite } from './scim-user.js';
import { isUuid } from '../core/uuid.js';

export interface ScimUsersDeps {
  readonly directory: ScimDirectory;
  readonly accounts: Pick<AccountRepository, 'findByEmail' | 'create' | 'setStatus' | 'delete' | 'updateName' | 'updateEmail'>;
  readonly organizations: Pick<OrganizationRepository, 'findByVerifiedDomain' | 'membership' | 'addMember'>;
  readonly sessions: SessionRevoker;
  readonly devices: Pick<TrustedDevices, 'removeAll'>;
  readonly audit: Pick<AuditLog, 'record'>;
  /** ISSUER/scim/v2 */
  readonly baseUrl: string;
}

export interface ScimUsers {
  list(caller: ScimCaller, query: ListQuery): Promise<Record<string, unknown>>;
  get(caller: ScimCaller, id: string): Promise<Record<string, unknown>>;
  create(caller: ScimCaller, body: unknown): Promise<Record<string, unknown>>;
  replace(caller: ScimCaller, id: string, body: unknown, ifMatch: number | undefined): Promise<Record<string, unknown>>;
  patch(caller: ScimCaller, id: string, body: unknown, ifMatch: number | undefined): Promise<Record<string, unknown>>;
  delete(caller: ScimCaller, id: string, ifMatch: number | undefined): Promise<void>;
}

export function createScimUsers(deps: ScimUsersDeps): ScimUsers {
  const { directory } = deps;
  const resource = (user: DirectoryUser) => userResource(user, deps.baseUrl);
  const find = async (caller: ScimCaller, id: string) => {
    // Another organization's member is as unknown as no one: 404 either way.
    const user = isUuid(id) ? await directory.findUser(caller.organizationId, id) : undefined;
    if (!user) {
      throw ScimErrors.notFound('User');
    }
    return user;
  };
  const checkVersion = (user: DirectoryUser, ifMatch: number | undefined) => {
    if (ifMatch !== undefined && ifMatch !== (user.provisioned?.version ?? 0)) {
      throw ScimErrors.preconditionFailed();
    }
  };
  const record = (caller: ScimCaller, type: AuditEventType, user: { accountId: string; email: string }, details: Record<string, unknown> = {}) =>
    deps.audit.record({
      type, organizationId: caller.organizationId, accountId: user.accountId, email: user.email,
      actor: { id: undefined, email: `SCIM token ${caller.label}` }, details: { tokenId: caller.tokenId, ...details },
    });
  /** A member's email must be in a domain the organization proved: SCIM never reaches anyone else's. */
  const checkDomain = async (caller: ScimCaller, email: string) => {
    const owner = await deps.organizations.findByVerifiedDomain(email.split('@')[1]!);
    if (owner?.id !== caller.organizationId) {
      throw ScimErrors.invalidValue(`${email} is not in a domain this organization has proven; add and verify the domain first.`);
    }
  };
  const endAccess = async (accountId: string) => {
    await deps.accounts.setStatus(accountId, 'SUSPENDED');
    await deps.sessions.signOutEverywhere(accountId);
    await deps.devices.removeAll(accountId);
  };

  /** Writes `input` over the member (PUT, or a PATCH's result). */
  const write = async (caller: ScimCaller, user: DirectoryUser, input: UserWrite, ifMatch: number | undefined) => {
    checkVersion(user, ifMatch);
    if (await directory.userNameTaken(caller.organizationId, input.userName, user.accountId)) {
      throw ScimErrors.uniqueness(`userName ${input.userName} is another user's.`);
    }
    if (input.email !== user.email) {
      await checkDomain(caller, input.email);
      try {
        await deps.accounts.updateEmail(user.accountId, input.email);
      } catch (error) {
        throw error instanceof AccountExistsError ? ScimErrors.uniqueness(`${input.email} is another user's email.`) : error;
      }
    }
    if (input.name !== user.name) {
      await deps.accounts.updateName(user.accountId, input.name);
    }
    const saved = await directory.saveProvisioned(caller.organizationId, user.accountId, input, ifMatch ?? user.provisioned?.version ?? 0);
    if (!saved) {
      throw ScimErrors.preconditionFailed();
    }
    const changed = { accountId: user.accountId, email: input.email };
    if (!input.active && user.status !== 'SUSPENDED') {
      await endAccess(user.accountId);
      await record(caller, 'scim.user_deactivated', changed);
    } else if (input.active && user.status === 'SUSPENDED') {
      await deps.accounts.setStatus(user.accountId, 'ACTIVE');
      await record(caller, 'scim.user_reactivated', changed);
    }
    await record(caller, 'scim.user_updated', changed, { ...(input.email !== user.email ? { previousEmail: user.email } : {}) });
    return resource((await directory.findUser(caller.organizationId, user.accountId))!);
  };

  return {
    async list(caller, query) {
      return listResponse(query, {
        page: async (page) => {
          const { users, total } = await directory.pageUsers(caller.organizationId, page);
          return { resources: users.map(resource), total };
        },
        matching: async (filter) => {
          const lookup = {
            userName: filter.required('username')?.toLowerCase(), email: filter.required('emails.value')?.toLowerCase(),
            externalId: filter.required('externalid'), id: filter.required('id'),
          };
          if (lookup.id !== undefined && !isUuid(lookup.id)) {
            return [];
          }
          return (await directory.findUsers(caller.organizationId, lookup)).map(resource).filter((item) => filter.matches(item));
        },
      });
    },

    get: async (caller, id) => resource(await find(caller, id)),

    async create(caller, body) {
      const input = parseUserWrite(body);
      await checkDomain(caller, input.email);
      if (await directory.userNameTaken(caller.organizationId, input.userName)) {
        throw ScimErrors.uniqueness(`userName ${input.userName} is another user's.`);
      }
      const existing = await deps.accounts.findByEmail(input.email);
      let accountId: string;
      if (existing) {
        // A member invited before provisioning, or an account of the organization's proven domain that no
        // organization has: taken over. A member of another organization stays theirs.
        const membership = await deps.organizations.membership(existing.id);
        if (membership && membership.organizationId !== caller.organizationId) {
          throw ScimErrors.uniqueness(`${input.email} is another user's email.`);
        }
        if (membership && (await directory.isProvisioned(existing.id))) {
          throw ScimErrors.uniqueness(`A user with the email ${input.email} is provisioned already.`);
        }
        if (!membership) {
          await deps.organizations.addMember(caller.organizationId, existing.id, false);
        }
        accountId = existing.id;
      } else {
        try {
          accountId = (await deps.accounts.create({
            email: input.email, emailVerified: true, name: input.name, passwordHash: null, isAdmin: false,
            status: input.active ? 'ACTIVE' : 'SUSPENDED', invitedBy: null,
          })).id;
        } catch (error) {
          throw error instanceof AccountExistsError ? ScimErrors.uniqueness(`${input.email} is another user's email.`) : error;
        }
        await deps.organizations.addMember(caller.organizationId, accountId, false);
      }
      const member = (await directory.findUser(caller.organizationId, accountId))!;
      await directory.saveProvisioned(caller.organizationId, accountId, input, member.provisioned?.version ?? 0);
      if (existing) {
        if (input.name !== existing.name) {
          await deps.accounts.updateName(accountId, input.name);
        }
        if (!input.active && existing.status !== 'SUSPENDED') {
          await endAccess(accountId);
        }
      }
      await record(caller, 'scim.user_created', { accountId, email: input.email }, existing ? { existingAccount: true } : {});
      return resource((await directory.findUser(caller.organizationId, accountId))!);
    },

    replace: async (caller, id, body, ifMatch) => write(caller, await find(caller, id), parseUserWrite(body), ifMatch),

    async patch(caller, id, body, ifMatch) {
      const user = await find(caller, id);
      const patched = applyPatch(resource(user), body);
      return write(caller, user, parseUserWrite(patched), ifMatch);
    },

    async delete(caller, id, ifMatch) {
      const user = await find(caller, id);
      checkVersion(user, ifMatch);
      await deps.sessions.signOutEverywhere(user.accountId);
      await deps.accounts.delete(user.accountId);
      await record(caller, 'scim.user_deleted', user);
    },
  };
}
