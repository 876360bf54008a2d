// The last step of every successful sign-in: remember the device when it was just verified, record the
// sign-in, and hand the result to oidc-provider.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { Account } from '../../accounts/account.js';
import type { AccountRepository } from '../../accounts/account-repository.js';
import type { TrustedDevices } from '../../accounts/trusted-devices.js';
import { epochSeconds, type Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { acrFor } from '../../provider/acr.js';
import { deviceContext, ensureDeviceId } from '../interaction/device-cookie.js';
import { finishInteraction, type Interaction } from '../interaction/interaction-context.js';
import type { SignInStateStore } from '../interaction/sign-in-state.js';

export interface CompleteSignInDeps {
  readonly accounts: Pick<AccountRepository, 'recordSignIn'>;
  readonly devices: TrustedDevices;
  readonly signInState: SignInStateStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

export async function completeSignIn(ctx: Context, deps: CompleteSignInDeps, sign: {
  provider: Provider; interaction: Interaction; account: Account; remember: boolean; amr: string[]; trustDevice: boolean;
}): Promise<void> {
  if (sign.trustDevice) {
    await deps.devices.trust(sign.account.id, ensureDeviceId(ctx), deviceContext(ctx));
  }
  await deps.accounts.recordSignIn(sign.account.id, deps.clock.now());
  await deps.signInState.clear(sign.interaction.uid);
  deps.logger.info({
    event: 'sign_in.succeeded', account: sign.account.id, client: sign.interaction.params['client_id'], amr: sign.amr,
  }, 'signed in');
  await finishInteraction(ctx, sign.provider, {
    // The sign-in's time by our clock, the one that later judges whether it is recent.
    login: { accountId: sign.account.id, remember: sign.remember, amr: sign.amr, acr: acrFor(sign.amr), ts: epochSeconds(deps.clock) },
  });
}
