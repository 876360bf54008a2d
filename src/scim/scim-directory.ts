// The organization's directory as SCIM reads and writes it: its members (with what SCIM keeps of those it
// provisioned), its groups, and its SCIM tokens. Implemented on Prisma in src/storage/repositories.
import type { DirectoryGroup, GroupWrite } from './scim-group.js';
import type { DirectoryUser } from './scim-user.js';

/** An indexed lookup that narrows a filtered list before the filter itself is applied (lower-case values). */
export interface UserLookup {
  readonly userName?: string | undefined;
  readonly email?: string | undefined;
  readonly externalId?: string | undefined;
  readonly id?: string | undefined;
}

export interface GroupLookup {
  readonly displayName?: string | undefined;
  readonly externalId?: string | undefined;
  readonly id?: string | undefined;
}

export interface Page {
  readonly offset: number;
  readonly limit: number;
}

export interface ScimTokenRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly label: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export interface ScimDirectory {
  findUser(organizationId: string, accountId: string): Promise<DirectoryUser | undefined>;
  /** Every member matching the lookup (all of them without one), oldest first. */
  findUsers(organizationId: string, lookup: UserLookup): Promise<DirectoryUser[]>;
  pageUsers(organizationId: string, page: Page): Promise<{ users: DirectoryUser[]; total: number }>;
  /** A provisioned member whose userName (any case) is this, other than `exceptAccountId`. */
  userNameTaken(organizationId: string, userName: string, exceptAccountId?: string): Promise<boolean>;
  /**
   * Records what the agent wrote of a member; `expectedVersion` (If-Match) must be the stored version.
   * Returns false when it is not (nothing is written).
   */
  saveProvisioned(organizationId: string, accountId: string, write: { userName: string; externalId: string | undefined;
    attributes: Record<string, unknown> }, expectedVersion?: number): Promise<boolean>;

  findGroup(organizationId: string, id: string): Promise<DirectoryGroup | undefined>;
  findGroups(organizationId: string, lookup: GroupLookup): Promise<DirectoryGroup[]>;
  pageGroups(organizationId: string, page: Page): Promise<{ groups: DirectoryGroup[]; total: number }>;
  createGroup(organizationId: string, write: GroupWrite): Promise<DirectoryGroup>;
  /** False when the group is gone or its version is not `expectedVersion`. */
  replaceGroup(organizationId: string, id: string, write: GroupWrite, expectedVersion?: number): Promise<boolean>;
  deleteGroup(organizationId: string, id: string): Promise<boolean>;
  /** Which of these account ids are members of the organization. */
  membersAmong(organizationId: string, accountIds: readonly string[]): Promise<Set<string>>;
  /** The groups of a member, for the Admin Center. */
  groupsOf(organizationId: string, accountId: string): Promise<{ id: string; displayName: string }[]>;
  isProvisioned(accountId: string): Promise<boolean>;

  createToken(organizationId: string, label: string, tokenHash: string): Promise<ScimTokenRecord>;
  listTokens(organizationId: string): Promise<ScimTokenRecord[]>;
  findTokenByHash(tokenHash: string): Promise<ScimTokenRecord | undefined>;
  touchToken(id: string, at: Date): Promise<void>;
  /** Revokes one token (or, without an id, every token) of the organization; how many. */
  deleteTokens(organizationId: string, id?: string): Promise<number>;
}
