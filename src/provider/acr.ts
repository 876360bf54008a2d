// Authentication context classes this provider asserts (the `acr` claim), weakest first.

export const ACR = {
  /** One factor: a password. */
  singleFactor: 'urn:gotoassist:loa:1fa',
  /** A password and a second factor (an authenticator app's code or a recovery code). */
  multiFactor: 'urn:gotoassist:loa:2fa',
  /** Phishing-resistant: a passkey that verified the user (a PIN, a fingerprint); two factors bound to this site. */
  phishingResistant: 'urn:gotoassist:loa:phr',
} as const;

export type Acr = (typeof ACR)[keyof typeof ACR];

export const SUPPORTED_ACR_VALUES: readonly Acr[] = [ACR.singleFactor, ACR.multiFactor, ACR.phishingResistant];

const rank = (acr: unknown): number => SUPPORTED_ACR_VALUES.indexOf(acr as Acr);

/** Whether a sign-in of class `acr` answers a requirement of class `required` (a stronger class does). */
export function meetsAcr(acr: unknown, required: Acr): boolean {
  return rank(acr) >= rank(required);
}

interface AcrClaimRequest {
  readonly value?: unknown;
  readonly values?: unknown;
}

/**
 * The class the relying party requires, above one factor: what acr_values names, or the claims parameter
 * asks for as the ID token's acr (essential or not). Either way we treat it as a requirement, as Okta and
 * Auth0 do; of several named, the weakest answers it (each is acceptable). Undefined: no requirement.
 */
export function requiredAcr(acrValues: unknown, acrClaim: AcrClaimRequest | null | undefined): Acr | undefined {
  const named = typeof acrValues === 'string' ? acrValues.split(' ') : [];
  const claimed = [acrClaim?.value, ...(Array.isArray(acrClaim?.values) ? acrClaim.values : [])];
  const asked = [...named, ...claimed].map(rank).filter((index) => index > 0);
  return asked.length > 0 ? SUPPORTED_ACR_VALUES[Math.min(...asked)] : undefined;
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
export function acrFor(amr: readonly string[]): Acr {
  if ((amr.includes('hwk') || amr.includes('swk')) && amr.includes('user')) {
    return ACR.phishingResistant;
  }
  return amr.includes('otp') || amr.includes('mfa') ? ACR.multiFactor : ACR.singleFactor;
}
