import type { AuditEvent, AuditEventType, AuditFilter, AuditOutcome } from '../../audit/audit-event.js';
import type { AuditRepository } from '../../audit/audit-repository.js';
import type { AuditEvent as AuditEventRow, Prisma, PrismaClient } from '../prisma/generated/client.js';

export function createPrismaAuditRepository(prisma: PrismaClient): AuditRepository {
  return {
    async insert(event) {
      await prisma.auditEvent.create({ data: { ...event, details: (event.details ?? undefined) as Prisma.InputJsonValue | undefined } });
    },
    async list(filter, page) {
      const where = whereOf(filter);
      const [rows, total] = await Promise.all([
        prisma.auditEvent.findMany({ where, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], skip: page.offset, take: page.limit }),
        prisma.auditEvent.count({ where }),
      ]);
      return { events: rows.map(toEvent), total };
    },
    async scan(filter, after, limit) {
      const where = whereOf(filter);
      const rows = await prisma.auditEvent.findMany({
        where: after
          ? { AND: [where, { OR: [{ occurredAt: { lt: after.occurredAt } }, { occurredAt: after.occurredAt, id: { lt: after.id } }] }] }
          : where,
        orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: limit,
      });
      return rows.map(toEvent);
    },
    async prune(before) {
      return (await prisma.auditEvent.deleteMany({ where: { occurredAt: { lt: before } } })).count;
    },
  };
}

function toEvent(row: AuditEventRow): AuditEvent {
  return { ...row, type: row.type as AuditEventType, outcome: row.outcome as AuditOutcome, details: row.details as Record<string, unknown> | null };
}

function whereOf(filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    organizationId: filter.organizationId,
    ...(filter.accountId ? { OR: [{ accountId: filter.accountId }, { actorId: filter.accountId }] } : {}),
    ...(filter.category ? { type: { startsWith: `${filter.category}.` } } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.from || filter.to ? { occurredAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
  };
}
