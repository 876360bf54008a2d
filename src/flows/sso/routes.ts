import Router from '@koa/router';
import type { Middleware } from 'koa';

import { SAML_ACS_PATH, SAML_METADATA_PATH } from '../../federation/saml/service-provider.js';
import type { SsoHandler } from './handler.js';

/**
 * `acsBody`: the Assertion Consumer Service's form parser. Not `forms`: the identity provider's page posts
 * it from another origin (the signed response is its protection, not our CSRF check), and a response with
 * its certificates is larger than our own forms.
 */
export function ssoRoutes(handler: SsoHandler, forms: readonly Middleware[], acsBody: Middleware): Router {
  const router = new Router();
  router.get('/interaction/:uid/sso', ...forms, (ctx) => handler.showRedirect(ctx));
  router.get('/interaction/:uid/sso/start', ...forms, (ctx) => handler.start(ctx));
  router.get('/interaction/:uid/federated/complete', ...forms, (ctx) => handler.complete(ctx));
  router.get('/sso/callback', ...forms, (ctx) => handler.callback(ctx));
  router.get('/sso/connections/:id/jwks', (ctx) => handler.jwks(ctx));
  router.get(SAML_METADATA_PATH, (ctx) => handler.metadata(ctx));
  router.post(SAML_ACS_PATH, acsBody, (ctx) => handler.assertionConsumer(ctx));
  router.get('/sso/saml/continue', ...forms, (ctx) => handler.samlContinue(ctx));
  router.get('/sso/saml/unsolicited', ...forms, (ctx) => handler.samlUnsolicited(ctx));
  return router;
}
