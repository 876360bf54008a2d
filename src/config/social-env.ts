// The social and other sign-in providers' settings: each provider is on when its settings are there, and
// a half-configured one stops the server, naming what is missing. Endpoints can be pointed elsewhere
// (tests point them at local stand-ins).
import { createPrivateKey } from 'node:crypto';

import { z } from 'zod';

import type { SettingProblem } from './config-error.js';

const url = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

export const socialEnvSchema = z.object({
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  GOOGLE_AUTHORIZATION_URL: url.default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: url.default('https://oauth2.googleapis.com/token'),
  GOOGLE_USERINFO_URL: url.default('https://openidconnect.googleapis.com/v1/userinfo'),

  FACEBOOK_APP_ID: z.string().min(1).optional(),
  FACEBOOK_APP_SECRET: z.string().min(1).optional(),
  FACEBOOK_AUTHORIZATION_URL: url.default('https://www.facebook.com/v19.0/dialog/oauth'),
  FACEBOOK_TOKEN_URL: url.default('https://graph.facebook.com/v19.0/oauth/access_token'),
  FACEBOOK_PROFILE_URL: url.default('https://graph.facebook.com/v19.0/me'),

  MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
  MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
  MICROSOFT_TENANT: z.string().regex(/^[A-Za-z0-9.-]{1,64}$/).default('common'),
  MICROSOFT_AUTHORIZATION_URL: url.optional(),
  MICROSOFT_TOKEN_URL: url.optional(),
  MICROSOFT_GRAPH_API: url.default('https://graph.microsoft.com'),

  LINKEDIN_CLIENT_ID: z.string().min(1).optional(),
  LINKEDIN_CLIENT_SECRET: z.string().min(1).optional(),
  LINKEDIN_ISSUER: url.default('https://www.linkedin.com/oauth'),

  APPLE_CLIENT_ID: z.string().min(1).optional(),
  APPLE_TEAM_ID: z.string().regex(/^[A-Z0-9]{10}$/, 'is the 10-character Apple team id').optional(),
  APPLE_KEY_ID: z.string().regex(/^[A-Z0-9]{10}$/, 'is the 10-character id of the Sign in with Apple key').optional(),
  APPLE_PRIVATE_KEY: z.string().min(1).optional(),
  APPLE_ISSUER: url.default('https://appleid.apple.com'),

  LASTPASS_ISSUER: url.optional(),
  LASTPASS_CLIENT_ID: z.string().min(1).optional(),
  LASTPASS_CLIENT_SECRET: z.string().min(1).optional(),
});

export type SocialEnv = z.infer<typeof socialEnvSchema>;

export interface SocialConfig {
  readonly google?: { clientId: string; clientSecret: string; authorizationUrl: string; tokenUrl: string; userInfoUrl: string };
  readonly facebook?: { appId: string; appSecret: string; authorizationUrl: string; tokenUrl: string; profileUrl: string };
  readonly microsoft?: { clientId: string; clientSecret: string; authorizationUrl: string; tokenUrl: string; graphApi: string };
  readonly linkedin?: { clientId: string; clientSecret: string; issuer: string };
  /** privateKey: PEM (\n may be written as a literal backslash-n). */
  readonly apple?: { clientId: string; teamId: string; keyId: string; privateKey: string; issuer: string };
  readonly lastpass?: { issuer: string; clientId: string; clientSecret: string };
}

/** Every provider with any setting must have all of its required ones. */
export function socialConfig(env: SocialEnv, problems: SettingProblem[]): SocialConfig {
  const complete = <K extends keyof SocialEnv>(names: readonly K[]): boolean => {
    const given = names.filter((name) => env[name] !== undefined);
    if (given.length === 0) {
      return false;
    }
    for (const name of names.filter((candidate) => env[candidate] === undefined)) {
      problems.push({ setting: name, problem: `is required with ${given.join(', ')}` });
    }
    return given.length === names.length;
  };
  const microsoftBase = `https://login.microsoftonline.com/${env.MICROSOFT_TENANT}/oauth2/v2.0`;
  const applePem = env.APPLE_PRIVATE_KEY?.replace(/\\n/g, '\n');
  const appleComplete = complete(['APPLE_CLIENT_ID', 'APPLE_TEAM_ID', 'APPLE_KEY_ID', 'APPLE_PRIVATE_KEY']);
  if (appleComplete && !isEcKey(applePem!)) {
    problems.push({ setting: 'APPLE_PRIVATE_KEY', problem: 'is not the PEM of an EC private key (the .p8 file Apple gives)' });
  }
  return {
    ...(complete(['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET']) ? {
      google: {
        clientId: env.GOOGLE_CLIENT_ID!, clientSecret: env.GOOGLE_CLIENT_SECRET!, authorizationUrl: env.GOOGLE_AUTHORIZATION_URL,
        tokenUrl: env.GOOGLE_TOKEN_URL, userInfoUrl: env.GOOGLE_USERINFO_URL,
      },
    } : {}),
    ...(complete(['FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET']) ? {
      facebook: {
        appId: env.FACEBOOK_APP_ID!, appSecret: env.FACEBOOK_APP_SECRET!, authorizationUrl: env.FACEBOOK_AUTHORIZATION_URL,
        tokenUrl: env.FACEBOOK_TOKEN_URL, profileUrl: env.FACEBOOK_PROFILE_URL,
      },
    } : {}),
    ...(complete(['MICROSOFT_CLIENT_ID', 'MICROSOFT_CLIENT_SECRET']) ? {
      microsoft: {
        clientId: env.MICROSOFT_CLIENT_ID!, clientSecret: env.MICROSOFT_CLIENT_SECRET!,
        authorizationUrl: env.MICROSOFT_AUTHORIZATION_URL ?? `${microsoftBase}/authorize`,
        tokenUrl: env.MICROSOFT_TOKEN_URL ?? `${microsoftBase}/token`, graphApi: env.MICROSOFT_GRAPH_API,
      },
    } : {}),
    ...(complete(['LINKEDIN_CLIENT_ID', 'LINKEDIN_CLIENT_SECRET']) ? {
      linkedin: { clientId: env.LINKEDIN_CLIENT_ID!, clientSecret: env.LINKEDIN_CLIENT_SECRET!, issuer: env.LINKEDIN_ISSUER },
    } : {}),
    ...(appleComplete && isEcKey(applePem!) ? {
      apple: { clientId: env.APPLE_CLIENT_ID!, teamId: env.APPLE_TEAM_ID!, keyId: env.APPLE_KEY_ID!, privateKey: applePem!, issuer: env.APPLE_ISSUER },
    } : {}),
    ...(complete(['LASTPASS_ISSUER', 'LASTPASS_CLIENT_ID', 'LASTPASS_CLIENT_SECRET']) ? {
      lastpass: { issuer: env.LASTPASS_ISSUER!, clientId: env.LASTPASS_CLIENT_ID!, clientSecret: env.LASTPASS_CLIENT_SECRET! },
    } : {}),
  };
}

function isEcKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'ec';
  } catch {
    return false;
  }
}
