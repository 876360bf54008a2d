// 'Passkeys' on My account: add one (a recent sign-in, then the browser's ceremony; the page's script asks
// for the options and sends the answer in a form), and remove one. Each change is audit-logged and mailed.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { AccountRepository } from '../accounts/account-repository.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../core/clock.js';
import { epochSeconds } from '../core/clock.js';
import { requestInfo } from '../http/request-info.js';
import type { Renderer } from '../http/render/renderer.js';
import type { Mailer } from '../mail/mailer.js';
import { suggestedPasskeyName } from '../methods/passkey/passkey-name.js';
import type { Passkeys } from '../methods/passkey/passkeys.js';
import { backToAccount, recentlySignedIn, redirectToSignIn, RECENT_SIGN_IN_SECONDS, signedInAccount, signedInRecently, type SignedIn } from './account-session.js';
import { PasskeyMessages } from './errors.js';
import { passkeyForm, passkeyParams, setupQuery } from './schema.js';
import { parseQuery } from '../http/input/parse-query.js';
import { renderAddPasskeyPage } from './views.js';

export interface PasskeySettingsDeps {
  readonly provider: () => Provider;
  readonly issuer: string;
  readonly repository: Pick<AccountRepository, 'findById'>;
  readonly passkeys: Passkeys;
  readonly clock: Clock;
  readonly renderer: Renderer;
  readonly mailer: Mailer;
  readonly forgotUrl: string;
  readonly audit: Pick<AuditLog, 'record'>;
}

const ADD_PATH = '/account/passkeys/add';

export function createPasskeySettingsHandler(deps: PasskeySettingsDeps) {
  const csrf = (ctx: Context) => String(ctx.state['csrfToken']);
  const suggestedName = (ctx: Context) => suggestedPasskeyName(ctx.get('user-agent') || undefined);
  const showAdd = (ctx: Context, name: string, interaction: string | undefined, error?: string, status = 200) =>
    renderAddPasskeyPage(ctx, deps.renderer, { csrfToken: csrf(ctx), name, interaction, error }, status);
  /** Added for a sign-in that asks for a passkey: the way back to it. */
  const addPath = (interaction: string | undefined) => `${ADD_PATH}${interaction ? `?interaction=${interaction}` : ''}`;
  const notify = (found: SignedIn, added: boolean, passkeyName: string) => deps.mailer.sendLater('passkey-changed', found.account.email, {
    name: found.account.name ?? found.account.email, added, passkeyName, resetUrl: deps.forgotUrl,
  }, deps.forgotUrl);
  return {
    async showAdd(ctx: Context): Promise<void> {
      const { interaction } = parseQuery(setupQuery, ctx);
      if (await recentlySignedIn(ctx, deps, addPath(interaction))) {
        showAdd(ctx, suggestedName(ctx), interaction);
      }
    },

    /** The ceremony's options, for the page's script (JSON); 401 when the sign-in is no longer recent. */
    async options(ctx: Context): Promise<void> {
      const found = await signedInAccount(ctx, deps.provider(), deps.repository);
      ctx.set('Cache-Control', 'no-store');
      if (!found || !signedInRecently(found, epochSeconds(deps.clock), RECENT_SIGN_IN_SECONDS)) {
        ctx.status = 401;
        ctx.body = { error: 'sign_in_again', location: ADD_PATH };
        return;
      }
      ctx.body = await deps.passkeys.registrationOptions(found.account);
    },

    async add(ctx: Context): Promise<void> {
      const form = passkeyForm.safeParse(ctx.request.body);
      const interaction = form.success ? form.data.interaction : undefined;
      const found = await recentlySignedIn(ctx, deps, addPath(interaction));
      if (!found) {
        return;
      }
      if (!form.success || form.data.name.length === 0) {
        return showAdd(ctx, form.success ? form.data.name : suggestedName(ctx), interaction,
          form.success ? PasskeyMessages.nameNeeded : PasskeyMessages.notVerified, 400);
      }
      const result = await deps.passkeys.register(found.account, form.data.response, form.data.name);
      if (typeof result === 'string') {
        const message = result === 'expired' ? PasskeyMessages.expired : result === 'already_added' ? PasskeyMessages.alreadyAdded : PasskeyMessages.notVerified;
        return showAdd(ctx, form.data.name, interaction, message, 400);
      }
      await deps.audit.record({
        type: 'passkey.added', accountId: found.account.id, email: found.account.email, request: requestInfo(ctx),
        details: { passkey: result.name, synced: result.deviceType === 'multiDevice' },
      });
      notify(found, true, result.name);
      if (interaction) {
        // On with the sign-in that asked for it.
        ctx.status = 303;
        ctx.redirect(`/interaction/${interaction}`);
        return;
      }
      backToAccount(ctx, 'passkey-added');
    },

    async remove(ctx: Context, showAccount: (found: SignedIn, passkeyError: string, status: number) => Promise<void>): Promise<void> {
      const found = await signedInAccount(ctx, deps.provider(), deps.repository);
      if (!found) {
        return redirectToSignIn(ctx, deps.issuer);
      }
      const params = passkeyParams.safeParse(ctx.params);
      const removed = params.success ? await deps.passkeys.remove(found.account.id, params.data.id) : undefined;
      if (!removed) {
        return showAccount(found, PasskeyMessages.notFound, 404);
      }
      await deps.audit.record({
        type: 'passkey.removed', accountId: found.account.id, email: found.account.email, request: requestInfo(ctx), details: { passkey: removed.name },
      });
      notify(found, false, removed.name);
      backToAccount(ctx, 'passkey-removed');
    },
  };
}

export type PasskeySettingsHandler = ReturnType<typeof createPasskeySettingsHandler>;
