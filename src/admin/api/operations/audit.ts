import { auditEventOut, auditQuery, listOf } from '../../admin-schemas.js';
import { auditCsv, auditFilter } from '../../audit-selection.js';
import { operation } from '../api-operation.js';
import { auditJson } from '../presenters.js';

export const auditOperations = [
  operation({
    method: 'get', path: '/audit-events', operationId: 'listAuditEvents', tag: 'Audit log',
    summary: 'What happened, newest first: filter by user, category, outcome and dates',
    query: auditQuery,
    responses: { 200: { description: 'A page of events', schema: listOf(auditEventOut) } },
    async handle({ admin, services, query }) {
      const { events, total } = await services.audit.list(auditFilter(admin.organizationId, query), {
        offset: (query.page - 1) * query.perPage, limit: query.perPage,
      });
      return { status: 200, body: { items: events.map(auditJson), total, page: query.page, perPage: query.perPage } };
    },
  }),
  operation({
    method: 'get', path: '/audit-events.csv', operationId: 'exportAuditEvents', tag: 'Audit log',
    summary: 'The same events as CSV, all of them (streamed)',
    query: auditQuery,
    responses: { 200: { description: 'CSV with a header row', mediaType: 'text/csv' } },
    async handle({ admin, services, query }) {
      return {
        status: 200, type: 'text/csv; charset=utf-8', body: auditCsv(services, admin, auditFilter(admin.organizationId, query)),
        headers: { 'Content-Disposition': 'attachment; filename="audit-log.csv"' },
      };
    },
  }),
];
