import { acrClaimOf, requestsMultiFactor } from '../../provider/acr.js';
import { MFA_REQUIRED, ORGANIZATION_MFA_REQUIRED } from '../../provider/interaction-policy.js';
import type { Interaction } from './interaction-context.js';

/** Reasons for the login prompt that a second factor alone answers; any other needs the password again. */
const SECOND_FACTOR_REASONS = new Set([MFA_REQUIRED, ORGANIZATION_MFA_REQUIRED, 'essential_acr', 'essential_acrs']);

/**
 * A signed-in user asked for multi-factor only (by the relying party, or by their organization): the
 * second factor, without the password again.
 */
export function isStepUp(interaction: Interaction): boolean {
  const reasons = interaction.prompt.reasons;
  return interaction.session?.accountId !== undefined
    && reasons.length > 0
    && reasons.every((reason) => SECOND_FACTOR_REASONS.has(reason))
    && (reasons.includes(ORGANIZATION_MFA_REQUIRED)
      || requestsMultiFactor(interaction.params['acr_values'], acrClaimOf(interaction.params['claims'])));
}

/** The step-up is the organization's requirement rather than the application's. */
export function isOrganizationStepUp(interaction: Interaction): boolean {
  return interaction.prompt.reasons.includes(ORGANIZATION_MFA_REQUIRED);
}
