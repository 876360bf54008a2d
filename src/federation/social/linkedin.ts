import type { SocialConfig } from '../../config/social-env.js';
import type { UpstreamOidc } from '../upstream-oidc.js';
import { oidcSocialProvider } from './oidc-social-provider.js';
import type { SocialProvider } from './social-provider.js';

/**
 * LinkedIn, through openid-client on 'Sign In with LinkedIn using OpenID Connect': passport-linkedin-oauth2
 * still reads the r_liteprofile API, which LinkedIn closed to new applications in 2023.
 */
export function linkedinProvider(config: NonNullable<SocialConfig['linkedin']>, upstream: UpstreamOidc): SocialProvider {
  return oidcSocialProvider(upstream, {
    name: 'linkedin',
    label: 'LinkedIn',
    provider: async () => ({
      reach: 'any',
      cacheKey: 'linkedin',
      issuer: config.issuer,
      clientId: config.clientId,
      // LinkedIn's token endpoint takes the secret in the form, and its web sign-in does not take PKCE.
      auth: { method: 'client_secret_post', secret: config.clientSecret },
      scopes: ['openid', 'profile', 'email'],
      pkce: false,
    }),
  });
}
