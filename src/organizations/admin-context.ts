import type { AuditActor, AuditRequest } from '../audit/audit-event.js';

/** Who acts in the Admin Center (or its API), for which organization, from where. */
export interface AdminContext {
  readonly organizationId: string;
  /** The administrator; for a service client of the API, its client id stands in as the email. */
  readonly actor: AuditActor;
  readonly request: AuditRequest;
}
