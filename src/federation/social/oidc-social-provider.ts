// A provider spoken to with openid-client (OpenID Connect): LinkedIn, Apple, LastPass.
import { FederationError } from '../federation-errors.js';
import type { UpstreamOidc, UpstreamProvider } from '../upstream-oidc.js';
import type { SocialCallback, SocialProfile, SocialProvider, SocialProviderName } from './social-provider.js';

export interface OidcSocialOptions {
  readonly name: SocialProviderName;
  readonly label: string;
  /** The provider's settings of the moment (Apple's client secret is a JWT that is renewed). */
  readonly provider: () => Promise<UpstreamProvider>;
  readonly formPost?: boolean;
  readonly extraAuthorizationParams?: Record<string, string>;
  /** Reads the profile from the ID token's claims (and, for Apple, the posted form). */
  readonly toProfile?: (claims: Record<string, unknown>, callback: SocialCallback) => SocialProfile | undefined;
}

export function oidcSocialProvider(upstream: UpstreamOidc, options: OidcSocialOptions): SocialProvider {
  const toProfile = options.toProfile ?? standardProfile;
  return {
    name: options.name,
    label: options.label,
    formPost: options.formPost ?? false,
    async authorizationUrl(flow, callbackUrl) {
      const url = await upstream.authorizationUrl(await options.provider(), {
        redirectUri: callbackUrl, checks: flow, extra: options.extraAuthorizationParams,
      });
      return url.toString();
    },
    async profile(callback, flow, callbackUrl) {
      const answer = callback.body
        ? new Request(callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(callback.body).toString(),
        })
        : new URL(`${callbackUrl}?${new URLSearchParams(callback.query).toString()}`);
      const claims = await upstream.callback(await options.provider(), answer, flow);
      const profile = toProfile(claims, callback);
      if (!profile) {
        throw new FederationError('missing_claims', `${options.name} did not say who signed in`);
      }
      return profile;
    },
  };
}

export function standardProfile(claims: Record<string, unknown>): SocialProfile | undefined {
  const { sub, email, name } = claims;
  if (typeof sub !== 'string' || sub.length === 0) {
    return undefined;
  }
  return {
    subject: sub,
    email: typeof email === 'string' && claims['email_verified'] !== false && claims['email_verified'] !== 'false' ? email : undefined,
    name: typeof name === 'string' ? name : undefined,
  };
}
