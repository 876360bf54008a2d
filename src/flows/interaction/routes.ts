// /interaction/:uid: where oidc-provider sends the browser when it needs the user. Shows the step the
// prompt asks for (the sign-in or its step-up, the offer of a passkey, the consent); /abort ends the sign-in with access_denied.
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';

import type { ConsentHandler } from '../consent/handler.js';
import type { LoginHandler } from '../login/handler.js';
import type { MfaHandler } from '../mfa/handler.js';
import type { PasskeyOfferHandler } from '../passkey-offer/handler.js';
import type { SsoHandler } from '../sso/handler.js';
import { PASSKEY_OFFER } from '../../provider/interaction-policy.js';
import { ACR } from '../../provider/acr.js';
import { isStepUp, stepUpTarget } from './step-up.js';
import { finishInteraction, loadInteraction } from './interaction-context.js';
import { wrongStep } from './interaction-errors.js';

export interface InteractionRouteDeps {
  readonly provider: () => Provider;
  readonly login: LoginHandler;
  readonly consent: ConsentHandler;
  readonly mfa: MfaHandler;
  readonly passkeyOffer: PasskeyOfferHandler;
  /** IdP-initiated SAML: a browser that holds its identity signs in with it, not on our page. */
  readonly sso: Pick<SsoHandler, 'resumeUnsolicited'>;
}

export function interactionRoutes(deps: InteractionRouteDeps, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.get('/interaction/:uid', ...forms, async (ctx) => {
    const provider = deps.provider();
    const interaction = await loadInteraction(ctx, provider);
    switch (interaction.prompt.name) {
      case 'login':
        if (!isStepUp(interaction)) {
          return (await deps.sso.resumeUnsolicited(ctx, interaction)) ? undefined : deps.login.showIdentifier(ctx, provider, interaction);
        }
        return stepUpTarget(interaction) === ACR.phishingResistant
          ? deps.login.passkeyStepUp(ctx, provider, interaction)
          : deps.mfa.stepUp(ctx, provider, interaction);
      case PASSKEY_OFFER:
        return deps.passkeyOffer.show(ctx, provider, interaction);
      case 'consent':
        return deps.consent.show(ctx, provider, interaction);
      default:
        throw wrongStep();
    }
  });
  router.post('/interaction/:uid/abort', ...forms, async (ctx) => {
    const provider = deps.provider();
    const interaction = await loadInteraction(ctx, provider);
    await finishInteraction(ctx, interaction, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' });
  });
  return router;
}
