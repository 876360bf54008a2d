// oidc-provider's interaction policy, with our step-up rule: a session that is not multi-factor is sent
// back to the login prompt when the relying party asks for multi-factor.
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';

import { ACR, requestsMultiFactor } from './acr.js';

export const MFA_REQUIRED = 'mfa_required';

export function createInteractionPolicy(): interactionPolicy.Prompt[] {
  const policy = interactionPolicy.base();
  const login = policy.get('login')!;
  login.checks.add(new interactionPolicy.Check(MFA_REQUIRED, 'multi-factor authentication is required', (ctx: KoaContextWithOIDC) => {
    const { oidc } = ctx;
    if (!oidc.session?.accountId || !requestsMultiFactor(oidc.params?.['acr_values'], oidc.claims?.id_token?.['acr'] as never)) {
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }
    return oidc.acr === ACR.multiFactor ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
  }));
  return policy;
}
