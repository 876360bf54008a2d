// Which audit events an administrator asked for (API query or Admin Center filters), and the CSV export of them.
import { Readable } from 'node:stream';

import type { z } from 'zod';

import { AUDIT_CSV_HEADER, auditCsvRow } from '../audit/audit-csv.js';
import type { AuditFilter } from '../audit/audit-event.js';
import type { AdminContext } from '../organizations/admin-context.js';
import type { auditQuery } from './admin-schemas.js';
import type { AdminServices } from './admin-services.js';

const EXPORT_BATCH = 1000;

/** A day given as YYYY-MM-DD covers the whole day: `to` is then the start of the next. */
export function auditFilter(organizationId: string, query: Omit<z.infer<typeof auditQuery>, 'page' | 'perPage'>): AuditFilter {
  const to = query.to ? new Date(query.to) : undefined;
  if (to && query.to!.length === 10) {
    to.setUTCDate(to.getUTCDate() + 1);
  }
  return {
    organizationId, accountId: query.user, category: query.category, outcome: query.outcome,
    from: query.from ? new Date(query.from) : undefined, to,
  };
}

/**
 * The CSV export, streamed: a header row, then the events a thousand at a time as the database gives them,
 * so an export of any length holds one batch in memory.
 */
export function auditCsv(services: AdminServices, admin: AdminContext, filter: AuditFilter): Readable {
  async function* lines() {
    yield `${AUDIT_CSV_HEADER.join(',')}\r\n`;
    for await (const events of services.audit.scan({ ...filter, organizationId: admin.organizationId }, EXPORT_BATCH)) {
      yield `${events.map(auditCsvRow).join('\r\n')}\r\n`;
    }
  }
  return Readable.from(lines(), { objectMode: false });
}
