import { AppError } from '../core/app-error.js';

/** Why a sign-in at another provider did not come back with an identity. */
export type FederationFailure =
  | 'unreachable' // discovery or a request failed or timed out
  | 'denied' // the provider (or the user there) said no
  | 'state_mismatch' // the callback does not belong to a sign-in this browser started
  | 'replayed' // the callback was used already, or its sign-in expired
  | 'invalid_id_token' // signature, issuer, audience, expiry or nonce did not check out
  | 'invalid_response' // the token endpoint refused the code, or answered nonsense
  | 'missing_claims' // no subject (or no email where one is needed)
  | SamlFailure;

/** What only a SAML response can get wrong. */
export type SamlFailure =
  | 'saml_signature' // not signed, or not by a certificate the connection trusts, or altered after signing
  | 'saml_audience' // meant for another service provider
  | 'saml_expired' // outside NotBefore/NotOnOrAfter (with the skew allowed)
  | 'saml_unsolicited' // InResponseTo names no request of ours
  | 'saml_issuer'; // another identity provider than the connection's

export class FederationError extends AppError {
  constructor(readonly failure: FederationFailure, message: string, options: { cause?: unknown; detail?: string } = {}) {
    super(`federation_${failure}`, message, { status: 400, cause: options.cause, userMessage: options.detail });
  }
}
