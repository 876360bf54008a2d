// The Audit log section: filters (user by email, type, outcome, dates), pages, and the CSV export of the
// same selection.
import type { Context } from 'koa';

import { AUDIT_CATEGORIES, type AuditCategory } from '../../audit/audit-event.js';
import type { Renderer } from '../../http/render/renderer.js';
import { normalizeEmail } from '../../accounts/normalize-email.js';
import type { AccountRepository } from '../../accounts/account-repository.js';
import type { AdminServices } from '../admin-services.js';
import { auditCsv, auditFilter } from '../audit-selection.js';
import type { AdminPrincipal } from './admin-guard.js';
import { eventRow, pager, renderAdminPage } from './admin-views.js';
import { auditForm } from './forms.js';
import { parseQuery } from '../../http/input/parse-query.js';

const PER_PAGE = 50;

const CATEGORY_LABELS: Record<AuditCategory, string> = {
  sign_in: 'Sign-ins', password: 'Passwords', two_step: 'Two-step verification', passkey: 'Passkeys', account: 'Users and administrators',
  social: 'Connected accounts', organization: 'Account settings', client: 'Applications', logout: 'Sign-outs told to applications', scim: 'Provisioning (SCIM)',
};

export function createAuditPages(deps: { services: AdminServices; renderer: Renderer; accounts: Pick<AccountRepository, 'findByEmail'> }) {
  /** The filter of the query; a user is given by email and found by it (an unknown email finds nothing). */
  const selection = async (ctx: Context, principal: AdminPrincipal) => {
    const query = parseQuery(auditForm, ctx);
    const email = query.user ? normalizeEmail(query.user) : undefined;
    const account = email ? await deps.accounts.findByEmail(email) : undefined;
    const userId = query.user ? account?.id ?? '00000000-0000-0000-0000-000000000000' : undefined;
    return { query, filter: auditFilter(principal.context.organizationId, { ...query, user: userId }) };
  };
  const queryString = (query: Record<string, unknown>) => new URLSearchParams(Object.entries(query)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')).toString();

  return {
    async show(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const { query, filter } = await selection(ctx, principal);
      const { events, total } = await deps.services.audit.list(filter, { offset: (query.page - 1) * PER_PAGE, limit: PER_PAGE });
      const kept = { user: query.user, category: query.category, outcome: query.outcome, from: query.from, to: query.to };
      renderAdminPage(ctx, deps.renderer, {
        principal, section: 'audit', template: 'audit', title: 'Audit log',
        model: {
          filter: kept, total, one: total === 1, events: events.map(eventRow),
          categories: [{ value: '', label: 'All' }, ...AUDIT_CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] }))]
            .map((option) => ({ ...option, selected: option.value === (query.category ?? '') })),
          outcomes: [{ value: '', label: 'All' }, { value: 'success', label: 'Success' }, { value: 'failure', label: 'Failure' }]
            .map((option) => ({ ...option, selected: option.value === (query.outcome ?? '') })),
          csvUrl: `/admin/audit.csv?${queryString(kept)}`,
          ...pager('/admin/audit', kept, query.page, PER_PAGE, total),
        },
      });
    },

    async exportCsv(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const { filter } = await selection(ctx, principal);
      ctx.set('Cache-Control', 'no-store');
      ctx.set('Content-Disposition', 'attachment; filename="audit-log.csv"');
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = auditCsv(deps.services, principal.context, filter);
    },
  };
}

export type AuditPages = ReturnType<typeof createAuditPages>;
