import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/languages.js';
import type { Context } from 'koa';

import type { Account } from '../accounts/account.js';
import type { BrowserSession } from '../accounts/browser-sessions.js';
import type { TrustedDevice } from '../accounts/trusted-device-repository.js';
import type { TwoStepStatus } from '../mfa/two-step.js';
import type { StoredPasskey } from '../methods/passkey/passkey-repository.js';
import type { LogoutFrame } from '../provider/frontchannel-logout.js';
import type { ConnectedAccount } from './connections-handler.js';
import type { Renderer } from '../http/render/renderer.js';
import { formatUtc as when } from '../http/render/format-time.js';
import { sendPage } from '../http/render/send-page.js';

export interface AccountPage {
  readonly csrfToken: string;
  readonly account: Account;
  readonly devices: readonly TrustedDevice[];
  readonly twoStep: TwoStepStatus;
  readonly passkeys: readonly StoredPasskey[];
  readonly connections: readonly ConnectedAccount[];
  readonly administrator: boolean;
  readonly sessions: readonly AccountSession[];
  /** The application the user came from, to go back to. */
  readonly returnApp?: ReturnApp | undefined;
  readonly nameError?: string | undefined;
  readonly languageError?: string | undefined;
  readonly notice?: string | undefined;
  readonly connectionsError?: string | undefined;
  readonly passwordError?: string | undefined;
  readonly twoStepError?: string | undefined;
  readonly passkeyError?: string | undefined;
}


export interface AccountSession extends BrowserSession {
  /** This browser's own session. */
  readonly current: boolean;
  /** The names of the applications signed in with it. */
  readonly apps: readonly string[];
}

export interface ReturnApp {
  readonly name: string;
  readonly url: string | undefined;
}

export function renderAccountPage(ctx: Context, renderer: Renderer, page: AccountPage, status = 200): void {
  sendPage(ctx, renderer.render('account', { title: 'My account', wide: true }, {
    csrfToken: page.csrfToken,
    administrator: page.administrator,
    notice: page.notice,
    passwordError: page.passwordError,
    twoStepError: page.twoStepError,
    passkeyError: page.passkeyError,
    hasPasskeys: page.passkeys.length > 0,
    passkeys: page.passkeys.map((passkey) => ({
      id: passkey.id, name: passkey.name, added: when(passkey.createdAt), lastUsed: passkey.lastUsedAt ? when(passkey.lastUsedAt) : 'Not yet',
      synced: passkey.deviceType === 'multiDevice', removeAction: `/account/passkeys/${passkey.id}/remove`,
    })),
    connectionsError: page.connectionsError,
    nameError: page.nameError,
    languageError: page.languageError,
    languages: [
      { value: '', name: "The browser's language", lang: '', selected: page.account.language === null },
      ...LANGUAGES.map((language) => ({ value: language, name: LANGUAGE_NAMES[language], lang: language, selected: page.account.language === language })),
    ],
    returnApp: page.returnApp?.url ? page.returnApp : undefined,
    sessions: page.sessions.map((session) => ({
      uid: session.uid, current: session.current,
      device: session.device ? `${session.device.browser} on ${session.device.platform}` : 'Unknown browser',
      ip: session.device?.ip ?? '', signedIn: when(session.signedInAt), lastActive: when(session.lastActiveAt),
      apps: session.apps.length > 0 ? session.apps.join(', ') : 'None yet', remembered: session.remembered,
      signOutAction: `/account/sessions/${session.uid}/sign-out`,
    })),
    hasConnections: page.connections.length > 0,
    connections: page.connections.map((connection) => ({
      ...connection, connectUrl: `/account/connections/${connection.name}/connect`,
      disconnectAction: `/account/connections/${connection.name}/disconnect`,
    })),
    twoStepOn: page.twoStep.enabled,
    twoStepSince: page.twoStep.enabledAt ? when(page.twoStep.enabledAt) : undefined,
    recoveryCodesLeft: page.twoStep.recoveryCodesLeft,
    name: page.account.name ?? '',
    email: page.account.email,
    hasDevices: page.devices.length > 0,
    devices: page.devices.map((device) => ({
      id: device.id, browser: device.browser, platform: device.platform, ip: device.lastIp,
      firstUsed: when(device.firstUsedAt), lastUsed: when(device.lastUsedAt),
    })),
  }), { status });
}

/** `frames`: the front-channel logout pages of the applications this browser's session signed in. */
export function renderSignedOutPage(ctx: Context, renderer: Renderer, frames: readonly LogoutFrame[]): void {
  sendPage(ctx, renderer.render('logged-out', { title: 'Signed out' }, { logoutFrames: frames }), { frames });
}

export function renderSignedOutEverywherePage(ctx: Context, renderer: Renderer, frames: readonly LogoutFrame[]): void {
  sendPage(ctx, renderer.render('signed-out-everywhere', { title: 'Signed out everywhere' }, { logoutFrames: frames }),
    { frames });
}

export interface SetupPage {
  readonly csrfToken: string;
  readonly qrDataUri: string;
  readonly secret: string;
  readonly interaction: string | undefined;
  readonly error?: string | undefined;
}

export function renderSetupPage(ctx: Context, renderer: Renderer, page: SetupPage, status = 200): void {
  sendPage(ctx, renderer.render('two-step-setup', { title: 'Turn on two-step verification' }, {
    ...page, groupedSecret: page.secret.match(/.{1,4}/g)!.join(' '), action: '/account/two-step/confirm',
  }), { status });
}

export function renderRecoveryCodesPage(ctx: Context, renderer: Renderer, page: { codes: readonly string[]; justEnabled: boolean; continueUrl: string }): void {
  const text = `GoToAssist recovery codes\nEach code works once.\n\n${page.codes.join('\n')}\n`;
  sendPage(ctx, renderer.render('recovery-codes', { title: 'Recovery codes' }, {
    ...page, downloadUri: `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`,
  }));
}

export function renderAddPasskeyPage(ctx: Context, renderer: Renderer, page: {
  csrfToken: string; name: string; error?: string | undefined;
  /** The sign-in that asked for a passkey, to go back to. */
  interaction?: string | undefined;
}, status = 200): void {
  sendPage(ctx, renderer.render('passkey-add', { title: 'Add a passkey' }, {
    ...page, action: '/account/passkeys', optionsUrl: '/account/passkeys/options',
    backUrl: page.interaction ? `/interaction/${page.interaction}` : '/account',
    backText: page.interaction ? 'Back to signing in' : 'Back to My account',
  }), { status });
}
