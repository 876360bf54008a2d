import type { AuditLog } from '../audit/audit-log.js';
import type { OrganizationClients } from '../clients/organization-clients.js';
import type { DomainAdmin } from '../organizations/domain-admin.js';
import type { MemberAdmin } from '../organizations/member-admin.js';
import type { SettingsAdmin } from '../organizations/settings-admin.js';

/** What administrators can do, behind both the Admin Center pages and the Admin API. */
export interface AdminServices {
  readonly members: MemberAdmin;
  readonly domains: DomainAdmin;
  readonly settings: SettingsAdmin;
  readonly clients: OrganizationClients;
  readonly audit: Pick<AuditLog, 'list' | 'scan'>;
}
