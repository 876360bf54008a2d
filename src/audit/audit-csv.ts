// The audit log as CSV (RFC 4180) for spreadsheets. A cell that a spreadsheet would run as a formula
// (=, +, -, @, tab, carriage return first) is prefixed with a quote, as OWASP advises for CSV injection.
import type { AuditEvent } from './audit-event.js';

export const AUDIT_CSV_HEADER = [
  'occurred_at', 'type', 'outcome', 'reason', 'email', 'account_id', 'actor_email', 'actor_id', 'client_id', 'ip', 'user_agent', 'details',
];

export function auditCsvRow(event: AuditEvent): string {
  return [
    event.occurredAt.toISOString(), event.type, event.outcome, event.reason, event.email, event.accountId, event.actorEmail,
    event.actorId, event.clientId, event.ip, event.userAgent, event.details ? JSON.stringify(event.details) : null,
  ].map(csvCell).join(',');
}

export function csvCell(value: string | null): string {
  if (value === null) {
    return '';
  }
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
