// A group of the organization's members as a SCIM Group (RFC 7643 section 4.2). Groups come from the
// company's directory; the Admin Center shows each member's groups.
import { z } from 'zod';

import { GROUP_SCHEMA } from './scim-discovery.js';
import { ScimErrors } from './scim-error.js';
import { etagOf } from './scim-user.js';

export interface DirectoryGroup {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | undefined;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly members: readonly { readonly accountId: string; readonly email: string }[];
}

/** The most members one write may name (larger groups are built with PATCH, as agents do). */
export const MAX_MEMBERS_PER_WRITE = 1000;

export function groupResource(group: DirectoryGroup, baseUrl: string, options: { members?: boolean } = {}): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    ...(options.members === false ? {} : {
      members: group.members.map((member) => ({ value: member.accountId, display: member.email, type: 'User', $ref: `${baseUrl}/Users/${member.accountId}` })),
    }),
    meta: {
      resourceType: 'Group', created: group.createdAt.toISOString(), lastModified: group.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${group.id}`, version: etagOf(group.version),
    },
  };
}

const groupInput = z.object({
  schemas: z.array(z.string()).max(10).optional(),
  displayName: z.string().trim().min(1, 'displayName is required').max(256),
  externalId: z.string().max(256).optional(),
  members: z.array(z.looseObject({ value: z.string().max(256) })).max(MAX_MEMBERS_PER_WRITE).optional(),
});

export interface GroupWrite {
  readonly displayName: string;
  readonly externalId: string | undefined;
  /** Account ids, as the agent names members. */
  readonly memberIds: readonly string[];
}

export function parseGroupWrite(body: unknown): GroupWrite {
  const parsed = groupInput.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw ScimErrors.invalidValue(`${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  if (parsed.data.schemas && !parsed.data.schemas.includes(GROUP_SCHEMA)) {
    throw ScimErrors.invalidSyntax(`schemas must include ${GROUP_SCHEMA}`);
  }
  const { displayName, externalId, members } = parsed.data;
  return { displayName, externalId, memberIds: [...new Set((members ?? []).map((member) => member.value))] };
}
