import { checkTotp, newTotpSecret, totpCode, totpUri } from './totp.js';

const secret = newTotpSecret();
const at = (seconds: number) => new Date(seconds * 1000);
const start = 1_800_000_000; // a step boundary: 1_800_000_000 / 30 is whole

test('accepts the code of the current step, and says which step it was', async () => {
  const result = await checkTotp(secret, await totpCode(secret, at(start + 5)), at(start + 10));
  expect(result).toEqual({ valid: true, timeStep: start / 30 });
});

test('accepts one step of skew either way, not two', async () => {
  const code = await totpCode(secret, at(start));
  expect((await checkTotp(secret, code, at(start - 30))).valid).toBe(true);
  expect((await checkTotp(secret, code, at(start + 30))).valid).toBe(true);
  expect((await checkTotp(secret, code, at(start + 60))).valid).toBe(false);
  expect((await checkTotp(secret, code, at(start - 60))).valid).toBe(false);
});

test('refuses another secret and anything not six digits', async () => {
  const code = await totpCode(secret, at(start));
  expect((await checkTotp(newTotpSecret(), code, at(start))).valid).toBe(false);
  for (const token of ['', '12345', '1234567', 'abcdef', ` ${code}`]) {
    expect((await checkTotp(secret, token, at(start))).valid).toBe(false);
  }
});

test('the otpauth URI names the issuer and the account', () => {
  const uri = new URL(totpUri(secret, 'ada@example.com', 'GoToAssist'));
  expect(uri.protocol).toBe('otpauth:');
  expect(uri.host).toBe('totp');
  expect(decodeURIComponent(uri.pathname)).toBe('/GoToAssist:ada@example.com');
  expect(uri.searchParams.get('secret')).toBe(secret);
  expect(uri.searchParams.get('issuer')).toBe('GoToAssist');
});
