import { AppError } from '../core/app-error.js';

/** Why a sign-in at another provider did not come back with an identity. */
export type FederationFailure =
  | 'unreachable' // discovery or a request failed or timed out
  | 'denied' // the provider (or the user there) said no
  | 'state_mismatch' // the callback does not belong to a sign-in this browser started
  | 'replayed' // the callback was used already, or its sign-in expired
  | 'invalid_id_token' // signature, issuer, audience, expiry or nonce did not check out
  | 'invalid_response' // the token endpoint refused the code, or answered nonsense
  | 'missing_claims'; // no subject (or no email where one is needed)

export class FederationError extends AppError {
  constructor(readonly failure: FederationFailure, message: string, options: { cause?: unknown; detail?: string } = {}) {
    super(`federation_${failure}`, message, { status: 400, cause: options.cause, userMessage: options.detail });
  }
}
