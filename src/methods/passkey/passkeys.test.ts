import { acrFor, ACR } from '../../provider/acr.js';
import type { StoredPasskey } from './passkey-repository.js';
import { passkeyAmr } from './passkeys.js';

const passkey = (deviceType: StoredPasskey['deviceType']) => ({ deviceType }) as StoredPasskey;

test.each([
  ['a device-bound passkey that verified the user', 'singleDevice', true, ['hwk', 'user', 'mfa'], ACR.phishingResistant],
  ['a synced passkey that verified the user', 'multiDevice', true, ['swk', 'user', 'mfa'], ACR.phishingResistant],
  ['a device-bound passkey without user verification', 'singleDevice', false, ['hwk'], ACR.singleFactor],
  ['a synced passkey without user verification', 'multiDevice', false, ['swk'], ACR.singleFactor],
] as const)('%s: amr %j', (_name, deviceType, userVerified, amr, acr) => {
  const methods = passkeyAmr({ passkey: passkey(deviceType), userVerified });
  expect(methods).toEqual(amr);
  expect(methods).not.toContain('pwd');
  expect(acrFor(methods)).toBe(acr);
});
