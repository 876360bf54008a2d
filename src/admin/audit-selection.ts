// Which audit events an administrator asked for (API query or Admin Center filters), and the CSV export of them.
import type { z } from 'zod';

import { AUDIT_CSV_HEADER, auditCsvRow } from '../audit/audit-csv.js';
import type { AuditFilter } from '../audit/audit-event.js';
import type { AdminContext } from '../organizations/admin-context.js';
import type { auditQuery } from './admin-schemas.js';
import type { AdminServices } from './admin-services.js';

/** The most rows one export holds; narrow the dates for more. */
export const AUDIT_EXPORT_LIMIT = 50_000;
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

export async function auditCsv(services: AdminServices, admin: AdminContext, filter: AuditFilter): Promise<string> {
  const lines = [AUDIT_CSV_HEADER.join(',')];
  for (let offset = 0; offset < AUDIT_EXPORT_LIMIT; offset += EXPORT_BATCH) {
    const { events } = await services.audit.list({ ...filter, organizationId: admin.organizationId }, { offset, limit: EXPORT_BATCH });
    lines.push(...events.map(auditCsvRow));
    if (events.length < EXPORT_BATCH) {
      break;
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
