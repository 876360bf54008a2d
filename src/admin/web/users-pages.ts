// The Users section: the list (search, status, pages), inviting, and one user's page with the actions an
// administrator takes on them.
import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import type { Member } from '../../organizations/organization.js';
import type { AdminServices } from '../admin-services.js';
import type { AdminPrincipal } from './admin-guard.js';
import { eventRow, pager, renderAdminPage, STATUS_LABELS, when } from './admin-views.js';
import { formProblem, inviteForm, userListForm } from './forms.js';
import { attempt } from './page-errors.js';
import { parseQuery } from '../../http/input/parse-query.js';

const PER_PAGE = 25;

const NOTICES: Record<string, string> = {
  invited: 'Invitation sent.', created: 'Your company account is ready: invite your users.', resent: 'Invitation sent again.',
  suspended: 'The user is suspended: their sessions and tokens have ended.', reactivated: 'The user can sign in again.',
  'admin-granted': 'The user is an administrator now.', 'admin-revoked': 'The user is no longer an administrator.',
  'two-step-reset': 'Two-step verification is off for this user: they can set it up again.',
  'passkeys-removed': "The user's passkeys are removed: they sign in with their password, and can add new passkeys on My account.",
  'signed-out': 'The user is signed out everywhere.',
  'break-glass-on': "Break-glass access kept: under 'Enterprise SSO only' this administrator can still sign in with a password and two-step verification.",
  'break-glass-off': 'Break-glass access ended.', removed: 'The user is removed.',
};

type MemberAction = 'resendInvite' | 'suspend' | 'reactivate' | 'resetTwoStep' | 'removePasskeys' | 'signOutEverywhere' | 'makeAdmin' | 'removeAdmin'
  | 'grantBreakGlass' | 'revokeBreakGlass';

const ACTIONS: Record<MemberAction, { path: string; label: string; done: string; style: string; when: (member: Member) => boolean }> = {
  resendInvite: { path: 'resend-invite', label: 'Resend invitation', done: 'resent', style: 'secondary', when: (m) => m.status === 'INVITED' },
  suspend: { path: 'suspend', label: 'Suspend', done: 'suspended', style: 'danger', when: (m) => m.status === 'ACTIVE' },
  reactivate: { path: 'reactivate', label: 'Reactivate', done: 'reactivated', style: 'secondary', when: (m) => m.status === 'SUSPENDED' },
  makeAdmin: { path: 'make-admin', label: 'Make administrator', done: 'admin-granted', style: 'secondary', when: (m) => !m.isAdmin },
  removeAdmin: { path: 'remove-admin', label: 'Remove administrator role', done: 'admin-revoked', style: 'secondary', when: (m) => m.isAdmin },
  grantBreakGlass: {
    path: 'break-glass-on', label: 'Keep password + two-step sign-in (break-glass)', done: 'break-glass-on', style: 'secondary',
    when: (m) => m.isAdmin && !m.passwordAllowed,
  },
  revokeBreakGlass: {
    path: 'break-glass-off', label: 'End break-glass access', done: 'break-glass-off', style: 'secondary', when: (m) => m.passwordAllowed,
  },
  resetTwoStep: { path: 'reset-two-step', label: 'Reset two-step verification', done: 'two-step-reset', style: 'secondary', when: (m) => m.twoStepEnabled },
  removePasskeys: { path: 'remove-passkeys', label: 'Remove passkeys', done: 'passkeys-removed', style: 'secondary', when: (m) => m.passkeys > 0 },
  signOutEverywhere: { path: 'sign-out', label: 'Sign out everywhere', done: 'signed-out', style: 'secondary', when: (m) => m.status === 'ACTIVE' },
};

export const MEMBER_ACTION_PATHS = Object.fromEntries(Object.entries(ACTIONS).map(([name, action]) => [action.path, name as MemberAction]));

const userUrl = (id: string) => `/admin/users/${id}`;

function memberRow(member: Member) {
  const status = STATUS_LABELS[member.status];
  return {
    id: member.accountId, name: member.name, email: member.email, url: userUrl(member.accountId), statusLabel: status.label, statusClass: status.className,
    twoStep: member.twoStepEnabled, passkeys: member.passkeys, admin: member.isAdmin, breakGlass: member.passwordAllowed, lastSignIn: when(member.lastSignInAt), created: when(member.createdAt),
    provisioned: member.provisioned,
  };
}

export function createUsersPages(deps: { services: AdminServices; renderer: Renderer }) {
  const { members } = deps.services;

  const showList = async (ctx: Context, principal: AdminPrincipal, extra: { inviteError?: string; invite?: object; status?: number } = {}) => {
    const query = parseQuery(userListForm, ctx);
    const { members: found, total } = await members.list(principal.context, {
      search: query.search, status: query.status, offset: (query.page - 1) * PER_PAGE, limit: PER_PAGE,
    });
    const organization = (await deps.services.settings.get(principal.context)).organization;
    renderAdminPage(ctx, deps.renderer, {
      principal, section: 'users', template: 'users', title: 'Users', status: extra.status,
      model: {
        notice: NOTICES[String(ctx.query['done'])], inviteError: extra.inviteError, invite: extra.invite ?? {},
        ssoOnly: organization.ssoOnly, search: query.search ?? '', total, one: total === 1,
        statuses: [{ value: '', label: 'All' }, ...Object.entries(STATUS_LABELS).map(([value, status]) => ({ value, label: status.label }))]
          .map((option) => ({ ...option, selected: option.value === (query.status ?? '') })),
        users: found.map(memberRow),
        ...pager('/admin/users', { search: query.search, status: query.status }, query.page, PER_PAGE, total),
      },
    });
  };

  const showUser = async (ctx: Context, principal: AdminPrincipal, id: string, error?: { error: string; status: number }) => {
    const member = await members.get(principal.context, id);
    const { events } = await deps.services.audit.list({ organizationId: principal.context.organizationId, accountId: id }, { offset: 0, limit: 10 });
    const self = member.accountId === principal.context.actor.id;
    const groups = await deps.services.scimGroupsOf(principal.context, member.accountId);
    renderAdminPage(ctx, deps.renderer, {
      principal, section: 'users', template: 'user', title: member.email, status: error?.status,
      model: {
        ...memberRow(member), groups, hasGroups: groups.length > 0, displayName: member.name ?? member.email, notice: NOTICES[String(ctx.query['done'])], error: error?.error,
        actions: Object.values(ACTIONS).filter((action) => action.when(member) && !(self && action.path === 'suspend'))
          .map((action) => ({ action: `${userUrl(id)}/${action.path}`, label: action.label, style: action.style })),
        removeUrl: self ? undefined : `${userUrl(id)}/remove`,
        events: events.map(eventRow),
        activityUrl: `/admin/audit?user=${encodeURIComponent(member.email)}`,
      },
    });
  };

  return {
    list: (ctx: Context, principal: AdminPrincipal) => showList(ctx, principal),

    async invite(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const form = inviteForm.safeParse(ctx.request.body);
      if (!form.success) {
        return showList(ctx, principal, { inviteError: formProblem(form.error), status: 400 });
      }
      let id = '';
      const failure = await attempt(async () => {
        id = (await members.invite(principal.context, form.data)).accountId;
      });
      if (failure) {
        return showList(ctx, principal, { inviteError: failure.error, invite: form.data, status: failure.status });
      }
      ctx.status = 303;
      ctx.redirect(`${userUrl(id)}?done=invited`);
    },

    show: (ctx: Context, principal: AdminPrincipal) => showUser(ctx, principal, String(ctx['params'].id)),

    async act(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const id = String(ctx['params'].id);
      const name = MEMBER_ACTION_PATHS[String(ctx['params'].action)];
      if (!name) {
        return showUser(ctx, principal, id, { error: 'That is not something an administrator can do.', status: 404 });
      }
      const run: Record<MemberAction, () => Promise<unknown>> = {
        resendInvite: () => members.resendInvite(principal.context, id),
        suspend: () => members.suspend(principal.context, id),
        reactivate: () => members.reactivate(principal.context, id),
        makeAdmin: () => members.setAdmin(principal.context, id, true),
        removeAdmin: () => members.setAdmin(principal.context, id, false),
        grantBreakGlass: () => members.setBreakGlass(principal.context, id, true),
        revokeBreakGlass: () => members.setBreakGlass(principal.context, id, false),
        resetTwoStep: () => members.resetTwoStep(principal.context, id),
        removePasskeys: () => members.removePasskeys(principal.context, id),
        signOutEverywhere: () => members.signOutEverywhere(principal.context, id),
      };
      const failure = await attempt(async () => {
        await run[name]();
      });
      if (failure) {
        return showUser(ctx, principal, id, failure);
      }
      ctx.status = 303;
      ctx.redirect(`${userUrl(id)}?done=${ACTIONS[name].done}`);
    },

    async confirmRemove(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const member = await members.get(principal.context, String(ctx['params'].id));
      renderAdminPage(ctx, deps.renderer, {
        principal, section: 'users', template: 'user-remove', title: `Remove ${member.email}`,
        model: { email: member.email, backUrl: userUrl(member.accountId), action: `${userUrl(member.accountId)}/remove` },
      });
    },

    async remove(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const id = String(ctx['params'].id);
      const failure = await attempt(() => members.remove(principal.context, id));
      if (failure) {
        return showUser(ctx, principal, id, failure);
      }
      ctx.status = 303;
      ctx.redirect('/admin/users?done=removed');
    },
  };
}

export type UsersPages = ReturnType<typeof createUsersPages>;
