import { Strategy } from 'passport-microsoft';

import type { SocialConfig } from '../../config/social-env.js';
import { passportProvider, strategyFor } from './passport-adapter.js';
import type { SocialProvider } from './social-provider.js';

/** Microsoft, through passport-microsoft: the Microsoft identity platform with PKCE, the profile from Graph. */
export function microsoftProvider(config: NonNullable<SocialConfig['microsoft']>, callbackUrl: string): SocialProvider {
  const strategy = strategyFor(Strategy, {
    clientID: config.clientId, clientSecret: config.clientSecret, callbackURL: callbackUrl,
    authorizationURL: config.authorizationUrl, tokenURL: config.tokenUrl, apiEntryPoint: config.graphApi,
    scope: ['openid', 'email', 'profile', 'User.Read'],
  }, (profile) => ({ subject: profile.id, email: profile.emails?.[0]?.value ?? profile.userPrincipalName, name: profile.displayName }));
  return passportProvider('microsoft', 'Microsoft', strategy);
}
