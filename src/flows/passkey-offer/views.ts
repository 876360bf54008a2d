import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import { sendPage } from '../../http/render/send-page.js';
import type { InteractionClient } from '../interaction/interaction-context.js';

export interface PasskeyOfferPage {
  readonly uid: string;
  readonly csrfToken: string;
  readonly client: InteractionClient;
  /** The name offered for the new passkey. */
  readonly name: string;
}

export function renderPasskeyOfferPage(ctx: Context, renderer: Renderer, page: PasskeyOfferPage): void {
  sendPage(ctx, renderer.render('passkey-offer', { title: 'Sign in faster next time' }, {
    ...page,
    // My account's ceremony (the sign-in is seconds old), which comes back to this interaction.
    action: '/account/passkeys',
    optionsUrl: '/account/passkeys/options',
    dismissAction: `/interaction/${page.uid}/passkey-offer/dismiss`,
  }), { formTargets: page.client.redirectUri ? [page.client.redirectUri] : [] });
}
