// Browsers an account has verified a sign-in from. The browser keeps a random device id in a signed,
// long-lived cookie; trust is that id, hashed, bound to the account.
import type { Clock } from '../core/clock.js';
import { sha256 } from '../core/random-token.js';
import { describeUserAgent } from './describe-user-agent.js';
import type { TrustedDevice, TrustedDeviceRepository } from './trusted-device-repository.js';

export interface DeviceContext {
  /** From the device cookie; undefined when the browser has none. */
  readonly deviceId: string | undefined;
  readonly ip: string;
  readonly userAgent: string | undefined;
}

export interface TrustedDevices {
  /** Whether the account trusts this browser; records the use when it does. */
  isTrusted(accountId: string, device: DeviceContext): Promise<boolean>;
  trust(accountId: string, deviceId: string, device: DeviceContext): Promise<TrustedDevice>;
  list(accountId: string): Promise<TrustedDevice[]>;
  remove(accountId: string, id: string): Promise<boolean>;
  removeAll(accountId: string): Promise<number>;
}

export function createTrustedDevices(deps: { repository: TrustedDeviceRepository; clock: Clock }): TrustedDevices {
  const use = (device: DeviceContext) => ({ at: deps.clock.now(), ip: device.ip, ...describeUserAgent(device.userAgent) });
  return {
    async isTrusted(accountId, device) {
      return device.deviceId !== undefined && (await deps.repository.touch(sha256(device.deviceId), accountId, use(device))) !== undefined;
    },
    trust: (accountId, deviceId, device) => deps.repository.trust(sha256(deviceId), accountId, use(device)),
    list: (accountId) => deps.repository.list(accountId),
    remove: (accountId, id) => deps.repository.remove(accountId, id),
    removeAll: (accountId) => deps.repository.removeAll(accountId),
  };
}
