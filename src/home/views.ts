import type { Context } from 'koa';

import type { Renderer } from '../http/render/renderer.js';
import { sendPage } from '../http/render/send-page.js';

export interface HomePage {
  readonly issuer: string;
  readonly demoEnabled: boolean;
  readonly csrfToken: string;
  /** form: offer the first administrator here; cli: say to use the CLI; done: there is one. */
  readonly setup: 'form' | 'cli' | 'done';
  readonly created?: boolean;
  readonly form?: { email: string; name: string };
  readonly error?: string;
}

export function renderHomePage(ctx: Context, renderer: Renderer, page: HomePage, status = 200): void {
  sendPage(ctx, renderer.render('home', { title: 'Sign-in service', wide: true }, {
    ...page,
    setupForm: page.setup === 'form',
    setupCli: page.setup === 'cli',
    form: page.form ?? { email: '', name: '' },
    discoveryUrl: `${page.issuer}/.well-known/openid-configuration`,
    jwksUrl: `${page.issuer}/jwks`,
  }), { status });
}
