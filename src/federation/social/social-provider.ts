// A social or other sign-in provider: one file each, all behind this interface, listed in registry.ts.
import type { SsoFlow } from '../sso-flows.js';

export const SOCIAL_PROVIDERS = ['google', 'facebook', 'microsoft', 'linkedin', 'apple', 'lastpass'] as const;
export type SocialProviderName = (typeof SOCIAL_PROVIDERS)[number];

export interface SocialProfile {
  readonly subject: string;
  /** The provider's email for the identity, shown on My account; never used to link. */
  readonly email: string | undefined;
  readonly name: string | undefined;
}

/** What came back from the provider: the query of the callback, or the form it posted (form_post). */
export interface SocialCallback {
  readonly query: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, string>> | undefined;
}

export interface SocialProvider {
  readonly name: SocialProviderName;
  /** As on the button: 'Sign in with Google'. */
  readonly label: string;
  /** The provider posts its answer (Apple's response_mode=form_post) rather than redirecting with it. */
  readonly formPost: boolean;
  /** Where to send the browser. May replace the flow's PKCE verifier (passport makes its own). */
  authorizationUrl(flow: SsoFlow, callbackUrl: string, keepVerifier: (verifier: string) => Promise<void>): Promise<string>;
  /** Checks the answer (state, code, tokens) and reads the profile. Throws FederationError. */
  profile(callback: SocialCallback, flow: SsoFlow, callbackUrl: string): Promise<SocialProfile>;
}
