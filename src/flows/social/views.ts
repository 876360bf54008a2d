import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import { sendPage } from '../../http/render/send-page.js';

export interface SocialProblemPage {
  readonly provider: string;
  readonly message: string;
  readonly code: string;
  readonly detail?: string | undefined;
  readonly backUrl?: string | undefined;
  readonly backLabel?: string | undefined;
}

export function renderSocialProblemPage(ctx: Context, renderer: Renderer, page: SocialProblemPage, status = 400): void {
  sendPage(ctx, renderer.render('social-problem', { title: `Sign in with ${page.provider}` }, page), { status });
}
