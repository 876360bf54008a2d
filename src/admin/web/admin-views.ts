// Rendering Admin Center pages: the admin layout (top bar, account menu, sections), and how dates,
// statuses and audit events read on them.
import type { Context } from 'koa';

import { describeUserAgent } from '../../accounts/describe-user-agent.js';
import type { AuditEvent } from '../../audit/audit-event.js';
import type { Renderer } from '../../http/render/renderer.js';
import { formatUtc } from '../../http/render/format-time.js';
import { sendPage } from '../../http/render/send-page.js';
import type { AdminPrincipal } from './admin-guard.js';

export type AdminSection = 'users' | 'settings' | 'clients' | 'provisioning' | 'audit';

const SECTIONS: { id: AdminSection; label: string; href: string }[] = [
  { id: 'users', label: 'Users', href: '/admin/users' },
  { id: 'settings', label: 'Account settings', href: '/admin/settings' },
  { id: 'clients', label: 'Applications', href: '/admin/clients' },
  { id: 'provisioning', label: 'Provisioning', href: '/admin/provisioning' },
  { id: 'audit', label: 'Audit log', href: '/admin/audit' },
];

export const csrfOf = (ctx: Context) => String(ctx.state['csrfToken']);

/** A page of the signed-in Admin Center, in section `section`. */
export function renderAdminPage(ctx: Context, renderer: Renderer, page: {
  principal: AdminPrincipal; section: AdminSection; template: string; title: string; model: object; status?: number;
}): void {
  const layout = {
    title: page.title,
    organizationName: page.principal.organizationName,
    email: page.principal.context.actor.email,
    csrfToken: csrfOf(ctx),
    nav: { items: SECTIONS.map((section) => ({ ...section, current: section.id === page.section })) },
  };
  sendPage(ctx, renderer.render(page.template, layout, { csrfToken: csrfOf(ctx), ...page.model }), { status: page.status ?? 200 });
}

/** A page outside the signed-in Admin Center (landing, problems, first set-up). */
export function renderAdminShell(ctx: Context, renderer: Renderer, page: {
  template: string; title: string; model: object; status?: number; email?: string | undefined;
}): void {
  sendPage(ctx, renderer.render(page.template, { title: page.title, email: page.email, csrfToken: csrfOf(ctx) } as { title: string },
    { csrfToken: csrfOf(ctx), ...page.model }), { status: page.status ?? 200 });
}

export const when = (date: Date | null | undefined) => (date ? formatUtc(date) : undefined);

export const STATUS_LABELS = {
  ACTIVE: { label: 'Active', className: 'ok' },
  INVITED: { label: 'Invited', className: 'warn' },
  SUSPENDED: { label: 'Suspended', className: 'bad' },
} as const;

const EVENT_LABELS: Record<string, string> = {
  'sign_in.succeeded': 'Signed in', 'sign_in.failed': 'Sign-in failed',
  'password.reset_requested': 'Asked to reset password', 'password.reset': 'Reset password', 'password.changed': 'Changed password',
  'two_step.enabled': 'Turned on two-step verification', 'two_step.disabled': 'Turned off two-step verification',
  'two_step.reset': 'Two-step verification reset', 'two_step.recovery_codes_regenerated': 'New recovery codes',
  'passkey.added': 'Added a passkey', 'passkey.removed': 'Removed a passkey',
  'account.created': 'Account created', 'account.invited': 'Invited', 'account.activated': 'Activated account', 'account.suspended': 'Suspended', 'account.reactivated': 'Reactivated',
  'account.removed': 'Removed', 'account.admin_granted': 'Made administrator', 'account.admin_revoked': 'No longer administrator',
  'account.break_glass_granted': 'Break-glass access kept', 'account.break_glass_revoked': 'Break-glass access ended',
  'account.signed_out_everywhere': 'Signed out everywhere', 'social.connected': 'Connected a provider', 'social.disconnected': 'Disconnected a provider',
  'organization.created': 'Company account created', 'organization.settings_changed': 'Settings changed',
  'organization.domain_added': 'Domain added', 'organization.domain_verified': 'Domain verified', 'organization.domain_removed': 'Domain removed',
  'organization.connection_changed': 'Identity provider set', 'organization.connection_removed': 'Identity provider removed',
  'client.created': 'Client created', 'client.updated': 'Client changed', 'client.secret_rotated': 'Client secret rotated', 'client.deleted': 'Client deleted',
  'logout.backchannel_delivered': 'Application told of a sign-out', 'logout.backchannel_failed': 'Application not reached about a sign-out',
  'scim.user_created': 'Provisioned (SCIM)', 'scim.user_updated': 'Changed by provisioning (SCIM)', 'scim.user_deactivated': 'Deactivated by provisioning (SCIM)',
  'scim.user_reactivated': 'Reactivated by provisioning (SCIM)', 'scim.user_deleted': 'Deleted by provisioning (SCIM)',
  'scim.group_created': 'Group provisioned (SCIM)', 'scim.group_updated': 'Group changed (SCIM)', 'scim.group_deleted': 'Group deleted (SCIM)',
  'scim.token_created': 'SCIM token made', 'scim.token_revoked': 'SCIM token revoked',
};

const describe = (userAgent: string) => {
  const { browser, platform } = describeUserAgent(userAgent);
  return `${browser} on ${platform}`;
};

/** An audit event as a row of the events table. */
export function eventRow(event: AuditEvent) {
  const details = event.details ?? {};
  const detail = ['domain', 'provider', 'name'].map((key) => details[key]).find((value) => typeof value === 'string');
  return {
    when: when(event.occurredAt),
    label: EVENT_LABELS[event.type] ?? event.type,
    type: event.type,
    reason: event.reason?.replace(/_/g, ' '),
    detail,
    outcome: event.outcome === 'success' ? 'Success' : 'Failure',
    outcomeClass: event.outcome === 'success' ? 'ok' : 'bad',
    email: event.email ?? '',
    actor: event.actorId && event.actorId === event.accountId ? '' : event.actorEmail ?? '',
    ip: event.ip ?? '',
    browser: event.userAgent ? describe(event.userAgent) : '',
    userAgent: event.userAgent ?? '',
  };
}

/** Previous/next links that keep the other query parameters. */
export function pager(path: string, query: Record<string, string | undefined>, page: number, perPage: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const link = (target: number) => {
    const params = new URLSearchParams(Object.entries({ ...query, page: String(target) }).filter((entry): entry is [string, string] => Boolean(entry[1])));
    return `${path}?${params.toString()}`;
  };
  return { page, pages, previousUrl: page > 1 ? link(page - 1) : undefined, nextUrl: page < pages ? link(page + 1) : undefined };
}
