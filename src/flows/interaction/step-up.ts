import { ACR, acrClaimOf, meetsAcr, requiredAcr, type Acr } from '../../provider/acr.js';
import { MFA_REQUIRED, ORGANIZATION_MFA_REQUIRED, ORGANIZATION_PASSKEY_REQUIRED } from '../../provider/interaction-policy.js';
import type { Interaction } from './interaction-context.js';

/** Reasons for the login prompt that a stronger method alone answers; any other needs the password again. */
const STEP_UP_REASONS = new Set([MFA_REQUIRED, ORGANIZATION_MFA_REQUIRED, ORGANIZATION_PASSKEY_REQUIRED, 'essential_acr', 'essential_acrs']);
/** The organization's own requirements, for every application. */
const ORGANIZATION_REASONS = [ORGANIZATION_MFA_REQUIRED, ORGANIZATION_PASSKEY_REQUIRED];

/** The class the relying party asks this interaction for, if above one factor. */
const requestedAcr = (interaction: Interaction) => requiredAcr(interaction.params['acr_values'], acrClaimOf(interaction.params['claims']));

/**
 * A signed-in user asked for a stronger sign-in only (by the relying party, or by their organization): the
 * missing method (the second factor, or a passkey), without the password again.
 */
export function isStepUp(interaction: Interaction): boolean {
  const reasons = interaction.prompt.reasons;
  return interaction.session?.accountId !== undefined
    && reasons.length > 0
    && reasons.every((reason) => STEP_UP_REASONS.has(reason))
    && (isOrganizationStepUp(interaction) || requestedAcr(interaction) !== undefined);
}

/** What a step-up must reach: the relying party's class, or the organization's, whichever is more. */
export function stepUpTarget(interaction: Interaction): Acr {
  if (interaction.prompt.reasons.includes(ORGANIZATION_PASSKEY_REQUIRED)) {
    return ACR.phishingResistant;
  }
  const requested = requestedAcr(interaction) ?? ACR.multiFactor;
  return meetsAcr(requested, ACR.multiFactor) ? requested : ACR.multiFactor;
}

/** The step-up is the organization's requirement rather than the application's. */
export function isOrganizationStepUp(interaction: Interaction): boolean {
  return ORGANIZATION_REASONS.some((reason) => interaction.prompt.reasons.includes(reason));
}
