import { Strategy } from 'passport-facebook';

import type { SocialConfig } from '../../config/social-env.js';
import { passportProvider, strategyFor } from './passport-adapter.js';
import type { SocialProvider } from './social-provider.js';

/** Facebook, through passport-facebook: OAuth 2.0 with PKCE and appsecret_proof, the profile from the Graph API. */
export function facebookProvider(config: NonNullable<SocialConfig['facebook']>, callbackUrl: string): SocialProvider {
  const strategy = strategyFor(Strategy, {
    clientID: config.appId, clientSecret: config.appSecret, callbackURL: callbackUrl,
    authorizationURL: config.authorizationUrl, tokenURL: config.tokenUrl, profileURL: config.profileUrl,
    profileFields: ['id', 'displayName', 'emails'], enableProof: true, scope: ['email'],
  }, (profile) => ({ subject: profile.id, email: profile.emails?.[0]?.value, name: profile.displayName }));
  return passportProvider('facebook', 'Facebook', strategy);
}
