// oidc-provider's interaction policy, with our checks on the login prompt: step-up when the relying party
// asks for a stronger class, two-step verification or a passkey when the account's organization requires
// it, and a new sign-in once a session is older than the organization allows.
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';

import type { SignInPolicies, SignInPolicy } from '../organizations/sign-in-policy.js';
import { ACR, meetsAcr, requiredAcr } from './acr.js';

export const MFA_REQUIRED = 'mfa_required';
export const ORGANIZATION_MFA_REQUIRED = 'organization_mfa_required';
export const ORGANIZATION_PASSKEY_REQUIRED = 'organization_passkey_required';
export const SESSION_TOO_OLD = 'session_too_old';
/** The prompt, after a password sign-in, that offers to add a passkey ('Not now' dismisses it). */
export const PASSKEY_OFFER = 'passkey_offer';
/** The key of a sign-in's interaction result that asks for that prompt. */
export const PASSKEY_OFFER_RESULT = 'offerPasskey';

export interface InteractionPolicyDeps {
  readonly policies: Pick<SignInPolicies, 'forAccount' | 'wasMfaWaived'>;
  /** Seconds since the epoch, by the clock the sign-ins were stamped with. */
  readonly now: () => number;
}

export function createInteractionPolicy(deps: InteractionPolicyDeps): interactionPolicy.Prompt[] {
  // The prompt checks run one after another for a request: read the organization's policy once.
  const policies = new WeakMap<object, Promise<SignInPolicy>>();
  const policyOf = (ctx: KoaContextWithOIDC, accountId: string) => {
    let policy = policies.get(ctx);
    if (!policy) {
      policy = deps.policies.forAccount(accountId);
      policies.set(ctx, policy);
    }
    return policy;
  };
  const { Check } = interactionPolicy;
  const policy = interactionPolicy.base();
  const login = policy.get('login')!;

  login.checks.add(new Check(MFA_REQUIRED, 'multi-factor authentication is required', (ctx: KoaContextWithOIDC) => {
    const { oidc } = ctx;
    const required = requiredAcr(oidc.params?.['acr_values'], oidc.claims?.id_token?.['acr'] as never);
    if (!oidc.session?.accountId || !required) {
      return Check.NO_NEED_TO_PROMPT;
    }
    return meetsAcr(oidc.acr, required) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
  }));

  login.checks.add(new Check(SESSION_TOO_OLD, 'the organization limits how long a sign-in lasts', async (ctx: KoaContextWithOIDC) => {
    const { session } = ctx.oidc;
    if (!session?.accountId || !session.loginTs) {
      return Check.NO_NEED_TO_PROMPT;
    }
    const { sessionMaxSeconds } = await policyOf(ctx, session.accountId);
    return sessionMaxSeconds !== undefined && deps.now() - session.loginTs > sessionMaxSeconds ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  }));

  login.checks.add(new Check(ORGANIZATION_MFA_REQUIRED, 'the organization requires two-step verification', async (ctx: KoaContextWithOIDC) => {
    const { session } = ctx.oidc;
    if (!session?.accountId || meetsAcr(ctx.oidc.acr, ACR.multiFactor)) {
      return Check.NO_NEED_TO_PROMPT;
    }
    const organization = await policyOf(ctx, session.accountId);
    if (!organization.requireMfa) {
      return Check.NO_NEED_TO_PROMPT;
    }
    const waived = organization.waiveMfaForSso && session.loginTs !== undefined
      && await deps.policies.wasMfaWaived(session.accountId, session.loginTs);
    return waived ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
  }));

  // No waiver for a company sign-in here: only a passkey is phishing-resistant (until federation says so).
  login.checks.add(new Check(ORGANIZATION_PASSKEY_REQUIRED, 'the organization requires a passkey', async (ctx: KoaContextWithOIDC) => {
    const { session } = ctx.oidc;
    if (!session?.accountId || meetsAcr(ctx.oidc.acr, ACR.phishingResistant)) {
      return Check.NO_NEED_TO_PROMPT;
    }
    return (await policyOf(ctx, session.accountId)).requirePasskey ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  }));

  // Between the sign-in and the consent: asked for by the sign-in's own result, so no other request pays for it.
  policy.add(new interactionPolicy.Prompt({ name: PASSKEY_OFFER, requestable: false },
    new Check(PASSKEY_OFFER, 'a passkey is offered after a password sign-in', (ctx: KoaContextWithOIDC) =>
      (ctx.oidc.result?.[PASSKEY_OFFER_RESULT] === true ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT))), policy.indexOf(login) + 1);
  return policy;
}
