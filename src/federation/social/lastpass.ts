import type { SocialConfig } from '../../config/social-env.js';
import type { UpstreamOidc } from '../upstream-oidc.js';
import { oidcSocialProvider } from './oidc-social-provider.js';
import type { SocialProvider } from './social-provider.js';

/** LastPass, or any OpenID Connect provider named by its issuer URL, through openid-client. */
export function lastpassProvider(config: NonNullable<SocialConfig['lastpass']>, upstream: UpstreamOidc): SocialProvider {
  return oidcSocialProvider(upstream, {
    name: 'lastpass',
    label: 'LastPass',
    provider: async () => ({
      reach: 'any',
      cacheKey: 'lastpass',
      issuer: config.issuer,
      clientId: config.clientId,
      auth: { method: 'client_secret_basic', secret: config.clientSecret },
      scopes: ['openid', 'email', 'profile'],
    }),
  });
}
