// The last step of every successful sign-in: remember the device when it was just verified, record the
// sign-in, and hand the result to oidc-provider (with the offer of a passkey after a password, when due).
import { hasLanguageCookie, rememberLanguage } from '../../i18n/language-cookie.js';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { Account } from '../../accounts/account.js';
import type { SignInMethod } from '../../audit/audit-event.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { AccountRepository } from '../../accounts/account-repository.js';
import type { TrustedDevices } from '../../accounts/trusted-devices.js';
import { epochSeconds, type Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { requestInfo } from '../../http/request-info.js';
import { acrFor } from '../../provider/acr.js';
import { PASSKEY_OFFER_RESULT } from '../../provider/interaction-policy.js';
import { deviceContext, ensureDeviceId } from '../interaction/device-cookie.js';
import { finishInteraction, type Interaction } from '../interaction/interaction-context.js';
import type { SignInStateStore } from '../interaction/sign-in-state.js';

export interface CompleteSignInDeps {
  readonly accounts: Pick<AccountRepository, 'recordSignIn'>;
  readonly devices: TrustedDevices;
  readonly signInState: SignInStateStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly audit: Pick<AuditLog, 'record'>;
  /** Remembers a company sign-in that the organization let through without two-step verification. */
  readonly markMfaWaived: (accountId: string, loginTs: number) => Promise<void>;
  /** Whether the account is due the offer of a passkey (it has none, and did not turn it down lately). */
  readonly passkeyOfferDue: (accountId: string) => Promise<boolean>;
}

export async function completeSignIn(ctx: Context, deps: CompleteSignInDeps, sign: {
  provider: Provider; interaction: Interaction; account: Account; remember: boolean; amr: string[]; trustDevice: boolean; mfaWaived?: boolean;
  /** The step that completed it. */
  method: SignInMethod;
  /** The browser can make passkeys (the password page's script said so): offer one after a password, if due. */
  passkeyCapable?: boolean | undefined;
}): Promise<void> {
  const ts = epochSeconds(deps.clock);
  if (sign.trustDevice) {
    await deps.devices.trust(sign.account.id, ensureDeviceId(ctx), deviceContext(ctx));
  }
  await deps.accounts.recordSignIn(sign.account.id, deps.clock.now());
  // The language saved on My account, for this browser's pages from now on, unless it chose one itself.
  if (sign.account.language && !hasLanguageCookie(ctx)) {
    rememberLanguage(ctx, sign.account.language);
  }
  if (sign.mfaWaived) {
    await deps.markMfaWaived(sign.account.id, ts);
  }
  await deps.audit.record({
    type: 'sign_in.succeeded', accountId: sign.account.id, email: sign.account.email, clientId: String(sign.interaction.params['client_id']),
    request: requestInfo(ctx), details: { amr: sign.amr, method: sign.method },
  });
  const offerPasskey = sign.passkeyCapable === true && sign.amr.includes('pwd') && await deps.passkeyOfferDue(sign.account.id);
  await finishInteraction(ctx, sign.interaction, {
    // The sign-in's time by our clock, the one that later judges whether it is recent.
    login: { accountId: sign.account.id, remember: sign.remember, amr: sign.amr, acr: acrFor(sign.amr), ts },
    // Read by the passkey offer's prompt, once the session exists (interaction-policy.ts).
    ...(offerPasskey ? { [PASSKEY_OFFER_RESULT]: true } : {}),
  });
  // Last: a process lost before the result was saved leaves the step to be sent again and run again.
  await deps.signInState.clear(sign.interaction.uid);
}
