// The audit log: every event is written to the log stream and kept in the database for the organization's
// administrators. Recording never fails the action it records: a database error is logged instead.
import { randomUUID } from 'node:crypto';

import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { AuditEvent, AuditEventInput, AuditFilter } from './audit-event.js';
import type { AuditRepository } from './audit-repository.js';
import type { AuditScope } from './audit-scope.js';

export interface AuditLog {
  record(input: AuditEventInput): Promise<void>;
  list(filter: AuditFilter, page: { offset: number; limit: number }): Promise<{ events: AuditEvent[]; total: number }>;
  /** Every event the filter selects, newest first, a batch at a time (for exports of any size). */
  scan(filter: AuditFilter, batchSize: number): AsyncIterable<readonly AuditEvent[]>;
  /** Removes events older than the retention; returns how many. */
  prune(retentionDays: number): Promise<number>;
}

export interface AuditLogDeps {
  readonly repository: AuditRepository;
  /** Whom an event is about: the account (by id or email) and its organization, or the one that proved the email's domain. */
  readonly scope: (who: { accountId?: string | undefined; email?: string | undefined }) => Promise<AuditScope>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Told of every event as it is recorded (metrics). */
  readonly onRecord?: (event: AuditEventInput) => void;
}

const MAX_TEXT = 512;

export function createAuditLog(deps: AuditLogDeps): AuditLog {
  return {
    async record(input) {
      const outcome = input.outcome ?? (input.type === 'sign_in.failed' || input.type === 'logout.backchannel_failed' ? 'failure' : 'success');
      deps.onRecord?.(input);
      deps.logger.info({
        event: input.type, outcome, reason: input.reason, account: input.accountId, actor: input.actor?.id, client: input.clientId,
        ...input.details,
      }, input.type);
      try {
        // Looked up only for what the caller did not say (administrators' actions say both).
        const known = input.organizationId !== undefined && (input.accountId !== undefined || input.email === undefined);
        const scope = known ? {} : await deps.scope({ accountId: input.accountId, email: input.email });
        const organizationId = input.organizationId ?? scope.organizationId;
        const accountId = input.accountId ?? scope.accountId;
        await deps.repository.insert({
          id: randomUUID(),
          occurredAt: deps.clock.now(),
          type: input.type,
          outcome,
          reason: clip(input.reason),
          organizationId: organizationId ?? null,
          accountId: accountId ?? null,
          email: clip(input.email),
          actorId: input.actor ? input.actor.id ?? null : accountId ?? null,
          actorEmail: clip(input.actor?.email ?? input.email),
          clientId: clip(input.clientId ?? input.actor?.clientId),
          ip: clip(input.request?.ip),
          userAgent: clip(input.request?.userAgent),
          details: input.details ?? null,
        });
      } catch (error) {
        deps.logger.error({ err: error, event: input.type }, 'could not write an audit event');
      }
    },
    list: (filter, page) => deps.repository.list(filter, page),
    async *scan(filter, batchSize) {
      let after: AuditEvent | undefined;
      for (;;) {
        const events = await deps.repository.scan(filter, after, batchSize);
        if (events.length > 0) {
          yield events;
        }
        if (events.length < batchSize) {
          return;
        }
        after = events.at(-1);
      }
    },
    prune: (retentionDays) => deps.repository.prune(new Date(deps.clock.now().getTime() - retentionDays * 24 * 3600 * 1000)),
  };
}

function clip(value: string | undefined): string | null {
  return value === undefined ? null : value.slice(0, MAX_TEXT);
}
