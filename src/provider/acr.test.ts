import { ACR, acrFor, meetsAcr, requiredAcr } from './acr.js';

test.each([
  ['a password', ['pwd'], ACR.singleFactor],
  ['a password and an authenticator code', ['pwd', 'otp'], ACR.multiFactor],
  ['a password and a recovery code', ['pwd', 'mfa'], ACR.multiFactor],
  ['a company sign-in', ['fed'], ACR.singleFactor],
  ['a passkey without user verification', ['hwk'], ACR.singleFactor],
  ['a passkey without user verification, then a code', ['hwk', 'otp'], ACR.multiFactor],
  ['a user-verified device-bound passkey', ['hwk', 'user', 'mfa'], ACR.phishingResistant],
  ['a user-verified synced passkey', ['swk', 'user', 'mfa'], ACR.phishingResistant],
] as const)('%s reaches %s', (_name, amr, acr) => {
  expect(acrFor(amr)).toBe(acr);
});

test('a stronger class answers a weaker requirement, never the reverse; an unknown class answers nothing', () => {
  expect(meetsAcr(ACR.phishingResistant, ACR.multiFactor)).toBe(true);
  expect(meetsAcr(ACR.multiFactor, ACR.multiFactor)).toBe(true);
  expect(meetsAcr(ACR.multiFactor, ACR.phishingResistant)).toBe(false);
  expect(meetsAcr(ACR.singleFactor, ACR.multiFactor)).toBe(false);
  expect(meetsAcr(undefined, ACR.multiFactor)).toBe(false);
  expect(meetsAcr('urn:other:gold', ACR.multiFactor)).toBe(false);
});

test.each([
  ['nothing asked', undefined, undefined, undefined],
  ['one factor asked: no requirement', ACR.singleFactor, undefined, undefined],
  ['2fa in acr_values', ACR.multiFactor, undefined, ACR.multiFactor],
  ['phr in acr_values', ACR.phishingResistant, undefined, ACR.phishingResistant],
  ['2fa or phr: the weaker answers it', `${ACR.phishingResistant} ${ACR.multiFactor}`, undefined, ACR.multiFactor],
  ['unknown classes are ignored', 'urn:other:gold', undefined, undefined],
  ['phr as the claim value', undefined, { value: ACR.phishingResistant }, ACR.phishingResistant],
  ['phr among the claim values', undefined, { values: [ACR.phishingResistant, 'urn:other:gold'] }, ACR.phishingResistant],
] as const)('%s', (_name, acrValues, claim, required) => {
  expect(requiredAcr(acrValues, claim)).toBe(required);
});
