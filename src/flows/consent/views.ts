import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import { sendPage } from '../../http/render/send-page.js';
import type { InteractionClient } from '../interaction/interaction-context.js';

export interface ConsentPage {
  readonly uid: string;
  readonly csrfToken: string;
  readonly client: InteractionClient;
  readonly email: string;
  readonly permissions: readonly string[];
}

export function renderConsentPage(ctx: Context, renderer: Renderer, page: ConsentPage): void {
  sendPage(ctx, renderer.render('consent', { title: `Allow ${page.client.name}?` }, {
    ...page,
    clientName: page.client.name,
    action: `/interaction/${page.uid}/consent`,
  }), { formTargets: page.client.redirectUri ? [page.client.redirectUri] : [] });
}
