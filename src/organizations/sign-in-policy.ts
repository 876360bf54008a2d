// What an account's organization asks of its sign-ins: two-step verification or a passkey for everyone, email
// verification of new browsers, a longest sign-in. Accounts without an organization get the server's
// defaults. Read by the sign-in flows and by the provider's prompt checks.
import type { StateStore } from '../storage/state/state-store.js';
import { inProvenDomain } from './organization.js';
import type { Organizations } from './organizations.js';

export interface SignInPolicy {
  readonly organizationId: string | undefined;
  readonly organizationName: string | undefined;
  /** 'Enterprise SSO only' binds this account (see ssoOnlyApplies): no password sign-in. */
  readonly ssoOnly: boolean;
  /** A break-glass administrator under 'Enterprise SSO only': a password, but only with two-step verification. */
  readonly breakGlass: boolean;
  readonly requireMfa: boolean;
  readonly requirePasskey: boolean;
  readonly waiveMfaForSso: boolean;
  readonly loginVerification: boolean;
  readonly sessionMaxSeconds: number | undefined;
}

export interface SignInPolicies {
  /** `email` decides whether 'Enterprise SSO only' binds the account; without it (the prompt checks), it does not. */
  forAccount(accountId: string, email?: string): Promise<SignInPolicy>;
  /** A company sign-in that the organization let through without two-step verification. */
  markMfaWaived(accountId: string, loginTs: number, ttlSeconds: number): Promise<void>;
  wasMfaWaived(accountId: string, loginTs: number): Promise<boolean>;
}

const waivedKey = (accountId: string, loginTs: number) => `mfa-waived:${accountId}:${loginTs}`;

export function createSignInPolicies(deps: {
  organizations: Pick<Organizations, 'membershipOf'>;
  store: StateStore;
  /** The server's LOGIN_VERIFICATION. */
  loginVerification: boolean;
}): SignInPolicies {
  return {
    async forAccount(accountId, email) {
      const membership = await deps.organizations.membershipOf(accountId);
      const organization = membership?.organization;
      const canUseCompany = organization !== undefined && email !== undefined && organization.ssoOnly && inProvenDomain(organization, email);
      return {
        organizationId: organization?.id,
        organizationName: organization?.name,
        ssoOnly: canUseCompany && !membership!.passwordAllowed,
        breakGlass: canUseCompany && membership!.passwordAllowed,
        requireMfa: organization?.requireMfa ?? false,
        requirePasskey: organization?.requirePasskey ?? false,
        waiveMfaForSso: organization?.waiveMfaForSso ?? false,
        loginVerification: organization?.loginVerification ?? deps.loginVerification,
        sessionMaxSeconds: organization?.sessionMaxHours ? organization.sessionMaxHours * 3600 : undefined,
      };
    },
    async markMfaWaived(accountId, loginTs, ttlSeconds) {
      await deps.store.set(waivedKey(accountId, loginTs), '1', ttlSeconds);
    },
    async wasMfaWaived(accountId, loginTs) {
      return (await deps.store.get(waivedKey(accountId, loginTs))) !== undefined;
    },
  };
}
