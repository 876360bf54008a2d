import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import { sendPage } from '../../http/render/send-page.js';
import type { InteractionClient } from '../interaction/interaction-context.js';

export interface MfaPage {
  readonly uid: string;
  readonly csrfToken: string;
  readonly client: InteractionClient;
  readonly method: 'totp' | 'recovery';
  readonly error?: string | undefined;
}

export function renderMfaPage(ctx: Context, renderer: Renderer, page: MfaPage, status = 200): void {
  sendPage(ctx, renderer.render('mfa', { title: 'Two-step verification' }, {
    ...page,
    clientName: page.client.name,
    recovery: page.method === 'recovery',
    action: `/interaction/${page.uid}/mfa`,
    otherMethodUrl: `/interaction/${page.uid}/mfa?method=${page.method === 'recovery' ? 'totp' : 'recovery'}`,
    abortAction: `/interaction/${page.uid}/abort`,
  }), { status, formTargets: page.client.redirectUri ? [page.client.redirectUri] : [] });
}

export function renderMfaRequiredPage(ctx: Context, renderer: Renderer, page: {
  uid: string; csrfToken: string; client: InteractionClient; organization?: string | undefined;
}): void {
  sendPage(ctx, renderer.render('mfa-required', { title: 'Two-step verification required' }, {
    ...page,
    // Who asks for it: the organization (for every application), or this application.
    requiredBy: page.organization ?? page.client.name,
    setupUrl: `/account/two-step/setup?interaction=${encodeURIComponent(page.uid)}`,
    abortAction: `/interaction/${page.uid}/abort`,
  }), { formTargets: page.client.redirectUri ? [page.client.redirectUri] : [] });
}
