import type { AuditEvent, AuditFilter } from './audit-event.js';

export interface AuditRepository {
  insert(event: AuditEvent): Promise<void>;
  /** Newest first. */
  list(filter: AuditFilter, page: { offset: number; limit: number }): Promise<{ events: AuditEvent[]; total: number }>;
  /** Newest first, from just after `after` (the last event of the previous batch): a keyset, so events written
   * meanwhile neither repeat nor skip rows, and each batch costs the same however deep. */
  scan(filter: AuditFilter, after: Pick<AuditEvent, 'occurredAt' | 'id'> | undefined, limit: number): Promise<AuditEvent[]>;
  /** Removes events older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}
