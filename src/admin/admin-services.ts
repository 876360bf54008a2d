import type { AuditLog } from '../audit/audit-log.js';
import type { AdminContext } from '../organizations/admin-context.js';
import type { OrganizationClients } from '../clients/organization-clients.js';
import type { DomainAdmin } from '../organizations/domain-admin.js';
import type { MemberAdmin } from '../organizations/member-admin.js';
import type { SettingsAdmin } from '../organizations/settings-admin.js';
import type { ScimTokens } from '../scim/scim-tokens.js';

/** What administrators can do, behind both the Admin Center pages and the Admin API. */
export interface AdminServices {
  readonly members: MemberAdmin;
  readonly domains: DomainAdmin;
  readonly settings: SettingsAdmin;
  readonly clients: OrganizationClients;
  readonly audit: Pick<AuditLog, 'list' | 'scan'>;
  /** SCIM provisioning: the tokens, the base URL to give the identity provider, a member's groups. */
  readonly scimTokens: ScimTokens;
  readonly scimBaseUrl: string;
  scimGroupsOf(admin: AdminContext, accountId: string): Promise<{ id: string; displayName: string }[]>;
}
