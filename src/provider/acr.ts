// Authentication context classes this provider asserts (the `acr` claim), weakest first.

export const ACR = {
  /** One factor: a password. */
  singleFactor: 'urn:gotoassist:loa:1fa',
  /** A password and a second factor (an authenticator app's code or a recovery code). */
  multiFactor: 'urn:gotoassist:loa:2fa',
} as const;

export const SUPPORTED_ACR_VALUES = [ACR.singleFactor, ACR.multiFactor];

interface AcrClaimRequest {
  readonly value?: unknown;
  readonly values?: unknown;
}

/**
 * Whether the relying party asks for multi-factor: acr_values naming it, or the claims parameter asking for
 * it as the ID token's acr (essential or not). Either way we treat it as a requirement, as Okta and Auth0 do.
 */
export function requestsMultiFactor(acrValues: unknown, acrClaim: AcrClaimRequest | null | undefined): boolean {
  const named = typeof acrValues === 'string' ? acrValues.split(' ') : [];
  const claimed = [acrClaim?.value, ...(Array.isArray(acrClaim?.values) ? acrClaim.values : [])];
  return [...named, ...claimed].includes(ACR.multiFactor);
}

/** The acr claim request of an authorization request's claims parameter (a JSON string). */
export function acrClaimOf(claimsParameter: unknown): AcrClaimRequest | undefined {
  if (typeof claimsParameter !== 'string') {
    return undefined;
  }
  try {
    const parsed = JSON.parse(claimsParameter) as { id_token?: { acr?: AcrClaimRequest | null } };
    return parsed.id_token?.acr ?? undefined;
  } catch {
    return undefined;
  }
}

/** The class a sign-in reached, from the methods it used (RFC 8176 amr values). */
export function acrFor(amr: readonly string[]): string {
  return amr.includes('otp') || amr.includes('mfa') ? ACR.multiFactor : ACR.singleFactor;
}
