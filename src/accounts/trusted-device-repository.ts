export interface TrustedDevice {
  readonly id: string;
  readonly accountId: string;
  readonly browser: string;
  readonly platform: string;
  readonly firstUsedAt: Date;
  readonly lastUsedAt: Date;
  readonly lastIp: string;
}

export interface TrustedDeviceRepository {
  /** Updates last use when the device is trusted by the account; undefined otherwise. */
  touch(deviceHash: string, accountId: string, use: { at: Date; ip: string; browser: string; platform: string }): Promise<TrustedDevice | undefined>;
  trust(deviceHash: string, accountId: string, use: { at: Date; ip: string; browser: string; platform: string }): Promise<TrustedDevice>;
  list(accountId: string): Promise<TrustedDevice[]>;
  remove(accountId: string, id: string): Promise<boolean>;
  removeAll(accountId: string): Promise<number>;
}
