import type { FederationFailure } from '../../federation/federation-errors.js';

export const SocialMessages: Record<FederationFailure | 'not_connected' | 'other_account' | 'sso_only' | 'suspended', (provider: string) => string> = {
  unreachable: (provider) => `We could not reach ${provider}. Try again in a moment.`,
  denied: (provider) => `${provider} did not let you in, or you cancelled there.`,
  state_mismatch: () => 'This sign-in did not start in this browser, so it cannot finish here. Start again.',
  replayed: () => 'This sign-in was already completed, or took too long. Start again.',
  invalid_id_token: (provider) => `${provider} answered with something we cannot trust. Start again.`,
  invalid_response: (provider) => `${provider} answered with something we cannot use. Start again.`,
  // Social providers speak OpenID Connect or OAuth: these come from SAML responses only.
  saml_signature: (provider) => `${provider} answered with something we cannot trust. Start again.`,
  saml_audience: (provider) => `${provider} answered with something we cannot trust. Start again.`,
  saml_expired: (provider) => `${provider} answered too late. Start again.`,
  saml_unsolicited: () => 'This sign-in did not start here, or took too long. Start again.',
  saml_issuer: (provider) => `${provider} answered with something we cannot trust. Start again.`,
  missing_claims: (provider) => `${provider} did not say who you are.`,
  not_connected: (provider) => `This ${provider} account is not connected to an account here yet. Sign in with your email `
    + `address and password, then connect ${provider} from My account: after that, you can sign in with ${provider}.`,
  other_account: (provider) => `This ${provider} account is connected to another account here.`,
  suspended: () => 'Your account is suspended. Ask your administrator to reactivate it.',
  sso_only: () => 'Your organization requires you to sign in with your company account: enter your email address to go there.',
};
