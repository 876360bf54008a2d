import type { Context } from 'koa';

import type { Account } from '../accounts/account.js';
import type { TrustedDevice } from '../accounts/trusted-device-repository.js';
import type { Renderer } from '../http/render/renderer.js';
import { sendPage } from '../http/render/send-page.js';

export interface AccountPage {
  readonly csrfToken: string;
  readonly account: Account;
  readonly devices: readonly TrustedDevice[];
  readonly notice?: string | undefined;
  readonly passwordError?: string | undefined;
}

const when = (date: Date) => date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

export function renderAccountPage(ctx: Context, renderer: Renderer, page: AccountPage, status = 200): void {
  sendPage(ctx, renderer.render('account', { title: 'My account', wide: true }, {
    csrfToken: page.csrfToken,
    notice: page.notice,
    passwordError: page.passwordError,
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
