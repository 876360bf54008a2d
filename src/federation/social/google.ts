import { Strategy } from 'passport-google-oauth20';

import type { SocialConfig } from '../../config/social-env.js';
import { passportProvider, strategyFor } from './passport-adapter.js';
import type { SocialProvider } from './social-provider.js';

/** Google, through passport-google-oauth20: OAuth 2.0 with PKCE, the profile from Google's userinfo. */
export function googleProvider(config: NonNullable<SocialConfig['google']>, callbackUrl: string): SocialProvider {
  const strategy = strategyFor(Strategy, {
    clientID: config.clientId, clientSecret: config.clientSecret, callbackURL: callbackUrl,
    authorizationURL: config.authorizationUrl, tokenURL: config.tokenUrl, userProfileURL: config.userInfoUrl,
    scope: ['openid', 'email', 'profile'],
  }, (profile) => ({
    subject: profile.id,
    email: profile.emails?.find((entry) => entry.verified !== false && entry.verified !== 'false')?.value,
    name: profile.displayName,
  }));
  return passportProvider('google', 'Google', strategy);
}
