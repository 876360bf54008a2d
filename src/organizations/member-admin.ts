// An organization's users, as its administrators manage them (Admin Center and API alike): list and
// search, invite, resend an invitation, suspend and reactivate, remove, make or unmake administrator,
// reset two-step verification, sign out everywhere. Every change is in the audit log.
import type { Account } from '../accounts/account.js';
import type { AccountRepository } from '../accounts/account-repository.js';
import type { AccountService } from '../accounts/account-service.js';
import type { Invitations } from '../accounts/invitations.js';
import { normalizeEmail } from '../accounts/normalize-email.js';
import type { SessionRevoker } from '../accounts/session-revoker.js';
import type { AuditEventType } from '../audit/audit-event.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Mailer } from '../mail/mailer.js';
import type { Passkeys } from '../methods/passkey/passkeys.js';
import type { TwoStep } from '../mfa/two-step.js';
import type { AdminContext } from './admin-context.js';
import { MemberErrors } from './member-errors.js';
import type { Member, MemberQuery } from './organization.js';
import type { OrganizationRepository } from './organization-repository.js';

export interface InviteInput {
  readonly email: string;
  readonly name?: string | undefined;
  readonly admin?: boolean | undefined;
}

export interface MemberAdmin {
  list(admin: AdminContext, query: MemberQuery): Promise<{ members: Member[]; total: number }>;
  get(admin: AdminContext, accountId: string): Promise<Member>;
  invite(admin: AdminContext, input: InviteInput): Promise<Member>;
  resendInvite(admin: AdminContext, accountId: string): Promise<Member>;
  suspend(admin: AdminContext, accountId: string): Promise<Member>;
  reactivate(admin: AdminContext, accountId: string): Promise<Member>;
  remove(admin: AdminContext, accountId: string): Promise<void>;
  setAdmin(admin: AdminContext, accountId: string, isAdmin: boolean): Promise<Member>;
  /** Break-glass: an administrator keeps password + two-step sign-in under 'Enterprise SSO only'. */
  setBreakGlass(admin: AdminContext, accountId: string, allowed: boolean): Promise<Member>;
  resetTwoStep(admin: AdminContext, accountId: string): Promise<Member>;
  /** Removes every passkey of the user (a lost or stolen device); they sign in with their password, and may add new ones. */
  removePasskeys(admin: AdminContext, accountId: string): Promise<Member>;
  signOutEverywhere(admin: AdminContext, accountId: string): Promise<void>;
}

export interface MemberAdminDeps {
  readonly organizations: Pick<OrganizationRepository,
    'findById' | 'listMembers' | 'findMember' | 'countAdmins' | 'addMember' | 'membership' | 'findByVerifiedDomain' | 'setPasswordAllowed'>;
  readonly accounts: Pick<AccountRepository, 'findByEmail' | 'setStatus' | 'delete'>;
  readonly accountService: Pick<AccountService, 'createInvited'>;
  readonly invitations: Pick<Invitations, 'sendActivation'>;
  readonly mailer: Pick<Mailer, 'send'>;
  readonly sessions: SessionRevoker;
  readonly twoStep: Pick<TwoStep, 'disable'>;
  readonly passkeys: Pick<Passkeys, 'removeAll'>;
  readonly audit: Pick<AuditLog, 'record'>;
  /** Where a member of an 'Enterprise SSO only' organization starts signing in. */
  readonly signInUrl: string;
}

export function createMemberAdmin(deps: MemberAdminDeps): MemberAdmin {
  const find = async (admin: AdminContext, accountId: string) => {
    const member = await deps.organizations.findMember(admin.organizationId, accountId);
    if (!member) {
      throw MemberErrors.notFound();
    }
    return member;
  };
  const record = (admin: AdminContext, type: AuditEventType, member: Pick<Member, 'accountId' | 'email'>, details?: Record<string, unknown>) =>
    deps.audit.record({
      type, organizationId: admin.organizationId, accountId: member.accountId, email: member.email, actor: admin.actor, request: admin.request, details,
    });
  /** Suspending, removing or demoting must leave an active administrator. */
  const keepAnAdmin = async (admin: AdminContext, member: Member) => {
    if (member.isAdmin && member.status === 'ACTIVE' && (await deps.organizations.countAdmins(admin.organizationId)) <= 1) {
      throw MemberErrors.lastAdmin();
    }
  };
  const notSelf = (admin: AdminContext, member: Member, action: string) => {
    if (member.accountId === admin.actor.id) {
      throw MemberErrors.self(action);
    }
  };
  /** Who the invitation says gave access: the administrator, or the organization for a service client. */
  /** How the invitation names who sent it: 'Ada Lovelace (ada@acme.com)', or the organization for an API client. */
  const inviterOf = async (admin: AdminContext) => {
    if (!admin.actor.id) {
      return (await deps.organizations.findById(admin.organizationId))?.name ?? 'Your administrator';
    }
    const name = (await deps.accounts.findByEmail(admin.actor.email))?.name;
    return name ? `${name} (${admin.actor.email})` : admin.actor.email;
  };
  const sendWelcome = async (admin: AdminContext, account: Account) => {
    const organization = await deps.organizations.findById(admin.organizationId);
    if (organization?.ssoOnly) {
      await deps.mailer.send('company-invitation', account.email, {
        name: account.name ?? account.email, inviter: await inviterOf(admin), organization: organization.name, signInUrl: deps.signInUrl,
      }, deps.signInUrl);
    } else {
      await deps.invitations.sendActivation(account);
    }
  };

  return {
    list: (admin, query) => deps.organizations.listMembers(admin.organizationId, query),
    get: find,

    async invite(admin, input) {
      const email = normalizeEmail(input.email);
      if (!email) {
        throw MemberErrors.invalid('Enter an email address, like name@example.com.');
      }
      const existing = await deps.accounts.findByEmail(email);
      if (existing) {
        // An account of someone else is never pulled in; one in a domain this organization proved may be.
        const membership = await deps.organizations.membership(existing.id);
        if (membership?.organizationId === admin.organizationId) {
          throw MemberErrors.member();
        }
        const owner = await deps.organizations.findByVerifiedDomain(email.split('@')[1]!);
        if (membership || owner?.id !== admin.organizationId) {
          throw MemberErrors.outsider();
        }
        await deps.organizations.addMember(admin.organizationId, existing.id, input.admin ?? false);
        const member = await find(admin, existing.id);
        await record(admin, 'account.invited', member, { existingAccount: true, admin: member.isAdmin });
        return member;
      }
      const account = await deps.accountService.createInvited({ email, name: input.name, invitedBy: await inviterOf(admin) });
      await deps.organizations.addMember(admin.organizationId, account.id, input.admin ?? false);
      await sendWelcome(admin, account);
      const member = await find(admin, account.id);
      await record(admin, 'account.invited', member, { admin: member.isAdmin });
      return member;
    },

    async resendInvite(admin, accountId) {
      const member = await find(admin, accountId);
      if (member.status !== 'INVITED') {
        throw MemberErrors.wrongStatus('This user has activated their account already.');
      }
      const account = await deps.accounts.findByEmail(member.email);
      await sendWelcome(admin, account!);
      await record(admin, 'account.invited', member, { resent: true });
      return member;
    },

    async suspend(admin, accountId) {
      const member = await find(admin, accountId);
      notSelf(admin, member, 'suspend');
      if (member.status !== 'ACTIVE') {
        throw MemberErrors.wrongStatus(member.status === 'SUSPENDED' ? 'This user is suspended already.' : 'An invited user cannot be suspended; remove them instead.');
      }
      await keepAnAdmin(admin, member);
      await deps.accounts.setStatus(accountId, 'SUSPENDED');
      // At once: every session, grant and token of the account ends now, not at its expiry.
      await deps.sessions.signOutEverywhere(accountId);
      await record(admin, 'account.suspended', member);
      return find(admin, accountId);
    },

    async reactivate(admin, accountId) {
      const member = await find(admin, accountId);
      if (member.status !== 'SUSPENDED') {
        throw MemberErrors.wrongStatus('This user is not suspended.');
      }
      await deps.accounts.setStatus(accountId, 'ACTIVE');
      await record(admin, 'account.reactivated', member);
      return find(admin, accountId);
    },

    async remove(admin, accountId) {
      const member = await find(admin, accountId);
      notSelf(admin, member, 'remove');
      await keepAnAdmin(admin, member);
      await deps.sessions.signOutEverywhere(accountId);
      await deps.accounts.delete(accountId);
      await record(admin, 'account.removed', member);
    },

    async setAdmin(admin, accountId, isAdmin) {
      const member = await find(admin, accountId);
      if (member.isAdmin === isAdmin) {
        return member;
      }
      if (!isAdmin) {
        await keepAnAdmin(admin, member);
      }
      await deps.organizations.addMember(admin.organizationId, accountId, isAdmin);
      await record(admin, isAdmin ? 'account.admin_granted' : 'account.admin_revoked', member);
      return find(admin, accountId);
    },

    async setBreakGlass(admin, accountId, allowed) {
      const member = await find(admin, accountId);
      if (member.passwordAllowed === allowed) {
        return member;
      }
      if (allowed && !member.isAdmin) {
        throw MemberErrors.wrongStatus('Only administrators can keep break-glass access.');
      }
      await deps.organizations.setPasswordAllowed(admin.organizationId, accountId, allowed);
      await record(admin, allowed ? 'account.break_glass_granted' : 'account.break_glass_revoked', member);
      return find(admin, accountId);
    },

    async resetTwoStep(admin, accountId) {
      const member = await find(admin, accountId);
      if (!member.twoStepEnabled) {
        throw MemberErrors.wrongStatus('This user has no two-step verification to reset.');
      }
      await deps.twoStep.disable(accountId);
      await record(admin, 'two_step.reset', member);
      return find(admin, accountId);
    },

    async removePasskeys(admin, accountId) {
      const member = await find(admin, accountId);
      if (member.passkeys === 0) {
        throw MemberErrors.wrongStatus('This user has no passkeys to remove.');
      }
      const removed = await deps.passkeys.removeAll(accountId);
      await record(admin, 'passkey.removed', member, { all: true, count: removed });
      return find(admin, accountId);
    },

    async signOutEverywhere(admin, accountId) {
      const member = await find(admin, accountId);
      await deps.sessions.signOutEverywhere(accountId);
      await record(admin, 'account.signed_out_everywhere', member);
    },
  };
}
