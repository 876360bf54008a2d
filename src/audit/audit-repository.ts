import type { AuditEvent, AuditFilter } from './audit-event.js';

export interface AuditRepository {
  insert(event: AuditEvent): Promise<void>;
  /** Newest first. */
  list(filter: AuditFilter, page: { offset: number; limit: number }): Promise<{ events: AuditEvent[]; total: number }>;
  /** Removes events older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}
