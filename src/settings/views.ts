import type { Context } from 'koa';

import type { Account } from '../accounts/account.js';
import type { TrustedDevice } from '../accounts/trusted-device-repository.js';
import type { TwoStepStatus } from '../mfa/two-step.js';
import type { ConnectedAccount } from './connections-handler.js';
import type { Renderer } from '../http/render/renderer.js';
import { formatUtc as when } from '../http/render/format-time.js';
import { sendPage } from '../http/render/send-page.js';

export interface AccountPage {
  readonly csrfToken: string;
  readonly account: Account;
  readonly devices: readonly TrustedDevice[];
  readonly twoStep: TwoStepStatus;
  readonly connections: readonly ConnectedAccount[];
  readonly administrator: boolean;
  readonly notice?: string | undefined;
  readonly connectionsError?: string | undefined;
  readonly passwordError?: string | undefined;
  readonly twoStepError?: string | undefined;
}


export function renderAccountPage(ctx: Context, renderer: Renderer, page: AccountPage, status = 200): void {
  sendPage(ctx, renderer.render('account', { title: 'My account', wide: true }, {
    csrfToken: page.csrfToken,
    administrator: page.administrator,
    notice: page.notice,
    passwordError: page.passwordError,
    twoStepError: page.twoStepError,
    connectionsError: page.connectionsError,
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

export function renderSignedOutEverywherePage(ctx: Context, renderer: Renderer): void {
  sendPage(ctx, renderer.render('signed-out-everywhere', { title: 'Signed out everywhere' }, {}));
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
