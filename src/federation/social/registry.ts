// Every social or other sign-in provider, by name; on when configured.
import type { SocialConfig } from '../../config/social-env.js';
import type { UpstreamOidc } from '../upstream-oidc.js';
import { appleProvider } from './apple.js';
import { facebookProvider } from './facebook.js';
import { googleProvider } from './google.js';
import { lastpassProvider } from './lastpass.js';
import { linkedinProvider } from './linkedin.js';
import { microsoftProvider } from './microsoft.js';
import { SOCIAL_PROVIDERS, type SocialProvider, type SocialProviderName } from './social-provider.js';

export type SocialRegistry = ReadonlyMap<SocialProviderName, SocialProvider>;

export const socialCallbackUrl = (issuer: string, name: SocialProviderName) => `${issuer}/social/${name}/callback`;

export function createSocialRegistry(config: SocialConfig, issuer: string, upstream: UpstreamOidc): SocialRegistry {
  const build: { [K in SocialProviderName]: () => SocialProvider | undefined } = {
    google: () => config.google && googleProvider(config.google, socialCallbackUrl(issuer, 'google')),
    facebook: () => config.facebook && facebookProvider(config.facebook, socialCallbackUrl(issuer, 'facebook')),
    microsoft: () => config.microsoft && microsoftProvider(config.microsoft, socialCallbackUrl(issuer, 'microsoft')),
    linkedin: () => config.linkedin && linkedinProvider(config.linkedin, upstream),
    apple: () => config.apple && appleProvider(config.apple, upstream),
    lastpass: () => config.lastpass && lastpassProvider(config.lastpass, upstream),
  };
  return new Map(SOCIAL_PROVIDERS.flatMap((name) => {
    const provider = build[name]();
    return provider ? [[name, provider] as const] : [];
  }));
}
