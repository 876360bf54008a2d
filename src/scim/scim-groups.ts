// /Groups of the SCIM service: the company directory's groups of the organization's members, with their
// members added and removed by PATCH (members[value eq "ID"]) as Entra ID and Okta do. A member named who
// is not a user of this organization is refused (invalidValue), never created nor looked up elsewhere.
import type { AuditEventType } from '../audit/audit-event.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ScimDirectory } from './scim-directory.js';
import { ScimErrors } from './scim-error.js';
import { groupResource, parseGroupWrite, type DirectoryGroup, type GroupWrite } from './scim-group.js';
import { listResponse, type ListQuery } from './scim-list.js';
import { applyPatch } from './scim-patch.js';
import type { ScimCaller } from './scim-tokens.js';
import { isUuid } from '../core/uuid.js';

export interface ScimGroups {
  list(caller: ScimCaller, query: ListQuery): Promise<Record<string, unknown>>;
  get(caller: ScimCaller, id: string): Promise<Record<string, unknown>>;
  create(caller: ScimCaller, body: unknown): Promise<Record<string, unknown>>;
  replace(caller: ScimCaller, id: string, body: unknown, ifMatch: number | undefined): Promise<Record<string, unknown>>;
  patch(caller: ScimCaller, id: string, body: unknown, ifMatch: number | undefined): Promise<Record<string, unknown> | undefined>;
  delete(caller: ScimCaller, id: string, ifMatch: number | undefined): Promise<void>;
}

export function createScimGroups(deps: { directory: ScimDirectory; audit: Pick<AuditLog, 'record'>; baseUrl: string }): ScimGroups {
  const { directory } = deps;
  const resource = (group: DirectoryGroup) => groupResource(group, deps.baseUrl);
  const find = async (caller: ScimCaller, id: string) => {
    const group = isUuid(id) ? await directory.findGroup(caller.organizationId, id) : undefined;
    if (!group) {
      throw ScimErrors.notFound('Group');
    }
    return group;
  };
  const checkMembers = async (caller: ScimCaller, write: GroupWrite) => {
    const ids = write.memberIds.filter((id) => isUuid(id));
    const members = await directory.membersAmong(caller.organizationId, ids);
    const unknown = write.memberIds.find((id) => !members.has(id));
    if (unknown !== undefined) {
      throw ScimErrors.invalidValue(`members: ${unknown} is not a user of this organization.`);
    }
  };
  const record = (caller: ScimCaller, type: AuditEventType, group: { id: string; displayName: string }, details: Record<string, unknown> = {}) =>
    deps.audit.record({
      type, organizationId: caller.organizationId, actor: { id: undefined, email: `SCIM token ${caller.label}` },
      details: { tokenId: caller.tokenId, groupId: group.id, group: group.displayName, ...details },
    });
  const write = async (caller: ScimCaller, group: DirectoryGroup, input: GroupWrite, ifMatch: number | undefined) => {
    if (ifMatch !== undefined && ifMatch !== group.version) {
      throw ScimErrors.preconditionFailed();
    }
    await checkMembers(caller, input);
    if (!(await directory.replaceGroup(caller.organizationId, group.id, input, ifMatch ?? group.version))) {
      throw ScimErrors.preconditionFailed();
    }
    const before = new Set(group.members.map((member) => member.accountId));
    const after = new Set(input.memberIds);
    await record(caller, 'scim.group_updated', { id: group.id, displayName: input.displayName }, {
      added: [...after].filter((id) => !before.has(id)).length, removed: [...before].filter((id) => !after.has(id)).length,
    });
    return (await directory.findGroup(caller.organizationId, group.id))!;
  };

  return {
    list: (caller, query) => listResponse(query, {
      page: async (page) => {
        const { groups, total } = await directory.pageGroups(caller.organizationId, page);
        return { resources: groups.map(resource), total };
      },
      matching: async (filter) => {
        const id = filter.required('id');
        if (id !== undefined && !isUuid(id)) {
          return [];
        }
        const lookup = { displayName: filter.required('displayname')?.toLowerCase(), externalId: filter.required('externalid'), id };
        return (await directory.findGroups(caller.organizationId, lookup)).map(resource).filter((item) => filter.matches(item));
      },
    }),

    get: async (caller, id) => resource(await find(caller, id)),

    async create(caller, body) {
      const input = parseGroupWrite(body);
      await checkMembers(caller, input);
      const group = await directory.createGroup(caller.organizationId, input);
      await record(caller, 'scim.group_created', group, { members: input.memberIds.length });
      return resource(group);
    },

    replace: async (caller, id, body, ifMatch) => resource(await write(caller, await find(caller, id), parseGroupWrite(body), ifMatch)),

    async patch(caller, id, body, ifMatch) {
      const group = await find(caller, id);
      const patched = applyPatch(resource(group), body);
      return resource(await write(caller, group, parseGroupWrite(patched), ifMatch));
    },

    async delete(caller, id, ifMatch) {
      const group = await find(caller, id);
      if (ifMatch !== undefined && ifMatch !== group.version) {
        throw ScimErrors.preconditionFailed();
      }
      await directory.deleteGroup(caller.organizationId, group.id);
      await record(caller, 'scim.group_deleted', group);
    },
  };
}
