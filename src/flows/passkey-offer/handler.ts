// After a password sign-in on a browser that can make passkeys, an account with none is offered one
// (the passkey_offer prompt, between the sign-in and the consent): 'Add a passkey' runs My account's
// ceremony and comes back here, 'Not now' goes on and is not asked again for 30 days.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { AccountRepository } from '../../accounts/account-repository.js';
import type { Renderer } from '../../http/render/renderer.js';
import { suggestedPasskeyName } from '../../methods/passkey/passkey-name.js';
import type { Passkeys } from '../../methods/passkey/passkeys.js';
import { PASSKEY_OFFER } from '../../provider/interaction-policy.js';
import { finishInteraction, interactionClient, loadInteraction, sessionAccount, type Interaction } from '../interaction/interaction-context.js';
import { wrongStep } from '../interaction/interaction-errors.js';
import { renderPasskeyOfferPage } from './views.js';

export interface PasskeyOfferDeps {
  readonly provider: () => Provider;
  readonly accounts: Pick<AccountRepository, 'findById'>;
  readonly passkeys: Pick<Passkeys, 'list' | 'dismissOffer'>;
  readonly renderer: Renderer;
}

export function createPasskeyOfferHandler(deps: PasskeyOfferDeps) {
  const accountOf = (interaction: Interaction) => sessionAccount(deps.accounts, interaction);

  return {
    /** The offer; once a passkey was added (the ceremony comes back here), on with the sign-in. */
    async show(ctx: Context, provider: Provider, interaction: Interaction): Promise<void> {
      const account = await accountOf(interaction);
      if ((await deps.passkeys.list(account.id)).length > 0) {
        await finishInteraction(ctx, interaction, { [PASSKEY_OFFER]: 'added' });
        return;
      }
      renderPasskeyOfferPage(ctx, deps.renderer, {
        uid: interaction.uid, csrfToken: String(ctx.state['csrfToken']), client: await interactionClient(provider, interaction),
        name: suggestedPasskeyName(ctx.get('user-agent') || undefined),
      });
    },

    /** 'Not now'. */
    async dismiss(ctx: Context): Promise<void> {
      const interaction = await loadInteraction(ctx, deps.provider());
      if (interaction.prompt.name !== PASSKEY_OFFER) {
        throw wrongStep();
      }
      await deps.passkeys.dismissOffer((await accountOf(interaction)).id);
      await finishInteraction(ctx, interaction, { [PASSKEY_OFFER]: 'dismissed' });
    },
  };
}

export type PasskeyOfferHandler = ReturnType<typeof createPasskeyOfferHandler>;
