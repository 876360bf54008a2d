// The consent screen for third-party clients. First-party clients are allowed without asking.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { AccountRepository } from '../../accounts/account-repository.js';
import type { Renderer } from '../../http/render/renderer.js';
import { finishInteraction, interactionClient, loadInteraction, type Interaction } from '../interaction/interaction-context.js';
import { wrongStep } from '../interaction/interaction-errors.js';
import { ConsentErrorCode, ConsentMessages } from './errors.js';
import { consentForm } from './schema.js';
import { describeScopes } from './scope-descriptions.js';
import { renderConsentPage } from './views.js';

export interface ConsentDeps {
  readonly provider: () => Provider;
  readonly accounts: Pick<AccountRepository, 'findById'>;
  readonly renderer: Renderer;
}

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

export function createConsentHandler(deps: ConsentDeps) {
  return {
    async show(ctx: Context, provider: Provider, interaction: Interaction): Promise<void> {
      const client = await interactionClient(provider, interaction);
      if (client.firstParty) {
        await finishInteraction(ctx, interaction, { consent: { grantId: await grantAll(provider, interaction) } });
        return;
      }
      const account = await deps.accounts.findById(String(interaction.session?.accountId));
      const details = interaction.prompt.details as ConsentDetails;
      renderConsentPage(ctx, deps.renderer, {
        uid: interaction.uid,
        csrfToken: String(ctx.state['csrfToken']),
        client,
        email: account?.email ?? '',
        permissions: describeScopes(details.missingOIDCScope ?? []),
      });
    },

    async submit(ctx: Context): Promise<void> {
      const provider = deps.provider();
      const interaction = await loadInteraction(ctx, provider);
      const form = consentForm.safeParse(ctx.request.body);
      if (interaction.prompt.name !== 'consent' || !form.success) {
        throw wrongStep();
      }
      if (form.data.decision === 'deny') {
        await finishInteraction(ctx, interaction, { error: ConsentErrorCode.denied, error_description: ConsentMessages.denied });
        return;
      }
      await finishInteraction(ctx, interaction, { consent: { grantId: await grantAll(provider, interaction) } });
    },
  };
}

/** Adds everything the prompt says is missing to the grant (new or existing) and saves it. */
async function grantAll(provider: Provider, interaction: Interaction): Promise<string> {
  const accountId = String(interaction.session?.accountId);
  const clientId = String(interaction.params['client_id']);
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const details = interaction.prompt.details as ConsentDetails;
  if (details.missingOIDCScope) {
    grant.addOIDCScope(details.missingOIDCScope.join(' '));
  }
  if (details.missingOIDCClaims) {
    grant.addOIDCClaims(details.missingOIDCClaims);
  }
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}

export type ConsentHandler = ReturnType<typeof createConsentHandler>;
