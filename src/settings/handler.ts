// My account (/account): name and email, change password, trusted devices, the sessions (each can be signed
// out), sign out here or of all sessions, and the way back to the application the user came from.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { Account } from '../accounts/account.js';
import type { BrowserSessions } from '../accounts/browser-sessions.js';
import { signInsOf } from '../accounts/session-endings.js';
import { ACCOUNT_CONSOLE_CLIENT_ID } from '../clients/client-registry.js';
import type { AccountRepository } from '../accounts/account-repository.js';
import type { AccountService } from '../accounts/account-service.js';
import { AccountErrorCode } from '../accounts/account-errors.js';
import type { PasswordHasher } from '../accounts/password-hasher.js';
import type { SessionRevoker } from '../accounts/session-revoker.js';
import type { TrustedDevices } from '../accounts/trusted-devices.js';
import type { TwoStep } from '../mfa/two-step.js';
import type { Passkeys } from '../methods/passkey/passkeys.js';
import type { ConnectedAccount } from './connections-handler.js';
import { AppError, isAppError } from '../core/app-error.js';
import type { AuditLog } from '../audit/audit-log.js';
import { requestInfo } from '../http/request-info.js';
import type { Renderer } from '../http/render/renderer.js';
import type { Mailer } from '../mail/mailer.js';
import { frontchannelFrames } from '../provider/frontchannel-logout.js';
import { endSession } from '../provider/provider-session.js';
import type { AttemptThrottle } from '../throttling/attempt-throttle.js';
import { throttleMessage } from '../flows/login/errors.js';
import { backToAccount, redirectToSignIn, signedInAccount, takeState, type SignedIn } from './account-session.js';
import { SettingsMessages } from './errors.js';
import { accountQuery, callbackQuery, deviceParams, languageForm, nameForm, passwordForm, sessionParams } from './schema.js';
import { rememberLanguage } from '../i18n/language-cookie.js';
import type { Language } from '../i18n/languages.js';
import { renderAccountPage, renderSignedOutEverywherePage, renderSignedOutPage, type AccountSession, type ReturnApp } from './views.js';
import { parseQuery } from '../http/input/parse-query.js';

export interface SettingsDeps {
  readonly provider: () => Provider;
  readonly issuer: string;
  readonly accounts: AccountService;
  readonly repository: Pick<AccountRepository, 'findById' | 'updatePasswordHash' | 'updateName' | 'updateLanguage'>;
  readonly browserSessions: BrowserSessions;
  readonly hasher: PasswordHasher;
  readonly devices: TrustedDevices;
  readonly twoStep: TwoStep;
  readonly passkeys: Pick<Passkeys, 'list'>;
  readonly connections: (accountId: string) => Promise<ConnectedAccount[]>;
  /** Whether the account administers an organization (or this server): My account then links the Admin Center. */
  readonly isAdministrator: (account: Account) => Promise<boolean>;
  readonly sessions: SessionRevoker;
  readonly throttle: AttemptThrottle;
  readonly mailer: Mailer;
  readonly forgotUrl: string;
  readonly renderer: Renderer;
  readonly audit: Pick<AuditLog, 'record'>;
}

const RETURN_COOKIE = 'account_return';

export function createSettingsHandler(deps: SettingsDeps) {
  /** The signed-in account, or undefined after sending the visitor to sign in. */
  const signedIn = async (ctx: Context): Promise<SignedIn | undefined> => {
    const found = await signedInAccount(ctx, deps.provider(), deps.repository);
    if (!found) {
      redirectToSignIn(ctx, deps.issuer);
    }
    return found;
  };
  /** This browser's session, before it ends: its uid, and the front-channel logout pages of its applications. */
  const thisSession = async (ctx: Context) => {
    const session = await deps.provider().Session.get(ctx as never);
    return { uid: session.uid, frames: await frontchannelFrames(deps.provider(), signInsOf(session)) };
  };
  /** An application's name and home page, from its registration (never from the request). */
  const appOf = async (clientId: string): Promise<ReturnApp | undefined> => {
    const client = await deps.provider().Client.find(clientId).catch(() => undefined);
    if (!client || clientId === ACCOUNT_CONSOLE_CLIENT_ID) {
      return undefined;
    }
    const home = client.clientUri ?? client.postLogoutRedirectUris?.[0];
    return { name: client.clientName ?? clientId, url: home && /^https?:\/\//.test(home) ? home : undefined };
  };
  const sessionsOf = async (ctx: Context, accountId: string): Promise<AccountSession[]> => {
    const current = (await deps.provider().Session.get(ctx as never)).uid;
    const sessions = await deps.browserSessions.list(accountId);
    return Promise.all(sessions.map(async (session) => ({
      ...session, current: session.uid === current,
      apps: (await Promise.all(session.clientIds.map(appOf))).filter((app) => app !== undefined).map((app) => app.name),
    })));
  };
  const show = async (ctx: Context, found: SignedIn,
    extra: { notice?: string; passwordError?: string; twoStepError?: string; passkeyError?: string; connectionsError?: string; nameError?: string; languageError?: string } = {},
    status = 200) => {
    const returnClient = (ctx.state['returnClient'] as string | undefined) ?? ctx.cookies.get(RETURN_COOKIE, { signed: true });
    renderAccountPage(ctx, deps.renderer, {
      csrfToken: String(ctx.state['csrfToken']), account: found.account, devices: await deps.devices.list(found.account.id),
      twoStep: await deps.twoStep.status(found.account.id), passkeys: await deps.passkeys.list(found.account.id), connections: await deps.connections(found.account.id),
      administrator: await deps.isAdministrator(found.account), sessions: await sessionsOf(ctx, found.account.id),
      returnApp: returnClient ? await appOf(returnClient) : undefined, ...extra,
    }, status);
  };
  return {
    /** The account page with an error in its two-step section (for the two-step handler). */
    showWithTwoStepError: (ctx: Context, found: SignedIn, twoStepError: string, status: number) => show(ctx, found, { twoStepError }, status),
    /** The account page with an error in its passkeys section. */
    showWithPasskeyError: (ctx: Context, found: SignedIn, passkeyError: string, status: number) => show(ctx, found, { passkeyError }, status),
    /** The account page with an error in its connected accounts section. */
    showWithConnectionsError: (ctx: Context, found: SignedIn, connectionsError: string, status: number) =>
      show(ctx, found, { connectionsError }, status),

    async show(ctx: Context): Promise<void> {
      const found = await signedIn(ctx);
      if (found) {
        const query = parseQuery(accountQuery, ctx);
        if (query.client_id && (await appOf(query.client_id))) {
          // Remembered for this browser session, so the way back survives the page's own forms.
          ctx.cookies.set(RETURN_COOKIE, query.client_id, { signed: true, httpOnly: true, sameSite: 'lax', secure: ctx.secure, path: '/account' });
          ctx.state['returnClient'] = query.client_id;
        }
        const done = query.done ?? (query.activated ? 'activated' : undefined);
        await show(ctx, found, done ? { notice: SettingsMessages.done[done] } : {});
      }
    },

    async callback(ctx: Context): Promise<void> {
      const query = parseQuery(callbackQuery, ctx);
      const returnTo = takeState(ctx, query.state);
      if (!returnTo) {
        throw new AppError('invalid_state', 'account callback state mismatch', {
          userMessage: 'This sign-in did not start here, or took too long. Open My account again.',
        });
      }
      if (query.error) {
        throw new AppError('sign_in_cancelled', `account sign-in ended with ${query.error}`, { userMessage: SettingsMessages.signInCancelled });
      }
      ctx.status = 303;
      ctx.redirect(returnTo);
    },

    async changePassword(ctx: Context): Promise<void> {
      const found = await signedIn(ctx);
      if (!found) {
        return;
      }
      const { account } = found;
      const refuse = (passwordError: string, status: number) => show(ctx, found, { passwordError }, status);
      const form = passwordForm.safeParse(ctx.request.body);
      if (!form.success) {
        return refuse(SettingsMessages.wrongCurrent, 400);
      }
      const verdict = await deps.throttle.check(account.email, ctx.ip);
      if (!verdict.allowed) {
        return refuse(throttleMessage(verdict), 429);
      }
      if (!account.passwordHash || !(await deps.hasher.verify(account.passwordHash, form.data.current))) {
        await deps.throttle.fail(account.email, ctx.ip);
        return refuse(SettingsMessages.wrongCurrent, 401);
      }
      if (form.data.password !== form.data.confirm) {
        return refuse(SettingsMessages.mismatch, 400);
      }
      try {
        await deps.repository.updatePasswordHash(account.id, await deps.accounts.hashNewPassword(form.data.password, account.email));
      } catch (error) {
        if (isAppError(error) && error.code === AccountErrorCode.weakPassword) {
          return refuse(error.userMessage ?? error.message, 400);
        }
        throw error;
      }
      await deps.throttle.succeed(account.email, ctx.ip);
      await deps.audit.record({ type: 'password.changed', accountId: account.id, email: account.email, request: requestInfo(ctx) });
      deps.mailer.sendLater('password-changed', account.email, {
        name: account.name ?? account.email, signedOutEverywhere: false, resetUrl: deps.forgotUrl,
      }, deps.forgotUrl);
      backToAccount(ctx, 'password');
    },

    async changeName(ctx: Context): Promise<void> {
      const found = await signedIn(ctx);
      if (!found) {
        return;
      }
      const form = nameForm.safeParse(ctx.request.body);
      if (!form.success) {
        return show(ctx, found, { nameError: SettingsMessages.nameTooLong }, 400);
      }
      await deps.repository.updateName(found.account.id, form.data.name === '' ? null : form.data.name);
      backToAccount(ctx, 'name');
    },

    /** The language the account's pages and emails speak; empty: whatever the browser asks for. */
    async changeLanguage(ctx: Context): Promise<void> {
      const found = await signedIn(ctx);
      if (!found) {
        return;
      }
      const form = languageForm.safeParse(ctx.request.body);
      if (!form.success) {
        return show(ctx, found, { languageError: SettingsMessages.unknownLanguage }, 400);
      }
      const language = form.data.language === '' ? null : form.data.language as Language;
      await deps.repository.updateLanguage(found.account.id, language);
      rememberLanguage(ctx, language);
      backToAccount(ctx, 'language');
    },

    /** Signs out one session of the account (another browser); this browser's is 'Sign out'. */
    async endSession(ctx: Context): Promise<void> {
      const found = await signedIn(ctx);
      if (!found) {
        return;
      }
      const params = sessionParams.safeParse(ctx['params']);
      const here = await thisSession(ctx);
      if (!params.success || !(await deps.browserSessions.end(found.account.id, params.data.uid))) {
        throw new AppError('unknown_session', 'no such session', { status: 404, userMessage: 'That session is not in your list any more.' });
      }
      if (params.data.uid === here.uid) {
        await endSession(ctx, deps.provider());
        return renderSignedOutPage(ctx, deps.renderer, here.frames);
      }
      backToAccount(ctx, 'session');
    },

    /** Signs this browser out: its session, and the applications signed in with it. */
    async signOut(ctx: Context): Promise<void> {
      const found = await signedIn(ctx);
      if (!found) {
        return;
      }
      const { uid, frames } = await thisSession(ctx);
      if (uid) {
        await deps.browserSessions.end(found.account.id, uid);
      }
      await endSession(ctx, deps.provider());
      ctx.cookies.set(RETURN_COOKIE, null, { path: '/account' });
      renderSignedOutPage(ctx, deps.renderer, frames);
    },

    async removeDevice(ctx: Context): Promise<void> {
      const found = await signedIn(ctx);
      if (found) {
        const params = deviceParams.safeParse(ctx['params']);
        if (!params.success || !(await deps.devices.remove(found.account.id, params.data.id))) {
          throw new AppError('unknown_device', 'no such device', { status: 404, userMessage: 'That device is not in your list any more.' });
        }
        backToAccount(ctx, 'device');
      }
    },

    async removeAllDevices(ctx: Context): Promise<void> {
      const found = await signedIn(ctx);
      if (found) {
        await deps.devices.removeAll(found.account.id);
        backToAccount(ctx, 'devices');
      }
    },

    async signOutEverywhere(ctx: Context): Promise<void> {
      const found = await signedIn(ctx);
      if (found) {
        const { frames } = await thisSession(ctx);
        await deps.sessions.signOutEverywhere(found.account.id);
        await endSession(ctx, deps.provider());
        await deps.audit.record({
          type: 'account.signed_out_everywhere', accountId: found.account.id, email: found.account.email, request: requestInfo(ctx),
        });
        renderSignedOutEverywherePage(ctx, deps.renderer, frames);
      }
    },
  };
}

export type SettingsHandler = ReturnType<typeof createSettingsHandler>;
