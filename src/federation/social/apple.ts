// Sign in with Apple, through openid-client: the answer is posted (response_mode=form_post), the client
// secret is a JWT signed with the team's key, and the user's name comes only with the first sign-in.
import { createPrivateKey } from 'node:crypto';

import { SignJWT } from 'jose';
import { z } from 'zod';

import type { SocialConfig } from '../../config/social-env.js';
import type { UpstreamOidc } from '../upstream-oidc.js';
import { oidcSocialProvider, standardProfile } from './oidc-social-provider.js';
import type { SocialProvider } from './social-provider.js';

/** Apple allows six months; one hour keeps a leaked secret short-lived. */
const SECRET_SECONDS = 3600;

const firstSignInUser = z.object({ name: z.object({ firstName: z.string().max(100).optional(), lastName: z.string().max(100).optional() }).optional() });

export function appleProvider(config: NonNullable<SocialConfig['apple']>, upstream: UpstreamOidc, now: () => Date = () => new Date()): SocialProvider {
  const key = createPrivateKey(config.privateKey);
  let secret: { jwt: string; issuedAt: number } | undefined;

  const clientSecret = async () => {
    const issuedAt = Math.floor(now().getTime() / 1000);
    if (!secret || issuedAt - secret.issuedAt > SECRET_SECONDS - 600) {
      const jwt = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: config.keyId })
        .setIssuer(config.teamId)
        .setSubject(config.clientId)
        .setAudience(config.issuer)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + SECRET_SECONDS)
        .sign(key);
      secret = { jwt, issuedAt };
    }
    return secret;
  };

  return oidcSocialProvider(upstream, {
    name: 'apple',
    label: 'Apple',
    formPost: true,
    extraAuthorizationParams: { response_mode: 'form_post' },
    provider: async () => {
      const { jwt, issuedAt } = await clientSecret();
      return {
        // openid-client keeps the client secret in its configuration: a new secret, a new configuration.
        reach: 'any',
        cacheKey: `apple:${issuedAt}`,
        issuer: config.issuer,
        clientId: config.clientId,
        auth: { method: 'client_secret_post', secret: jwt },
        scopes: ['openid', 'name', 'email'],
        pkce: false,
      };
    },
    toProfile(claims, callback) {
      const profile = standardProfile(claims);
      if (!profile) {
        return undefined;
      }
      const parsed = firstSignInUser.safeParse(safeJson(callback.body?.['user']));
      const name = parsed.success ? [parsed.data.name?.firstName, parsed.data.name?.lastName].filter(Boolean).join(' ') : '';
      return { ...profile, name: name || undefined };
    },
  });
}

function safeJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
