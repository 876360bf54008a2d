import { createPasswordPolicy } from './password-policy.js';

const policy = createPasswordPolicy({ productName: 'GoToAssist' });
const email = 'ada.lovelace@example.com';
const check = (password: string) => policy.check(password, { email });

test('accepts 8 or more characters of any kind, spaces and emoji included', () => {
  expect(check('correct horse battery staple')).toBeUndefined();
  expect(check('tr0ub4dor&3x')).toBeUndefined();
  expect(check('🔑🦊🔑🦊🔑🦊🔑🦊')).toBeUndefined();
  expect(check('x7'.repeat(32))).toBeUndefined();
});

test('counts characters, not bytes', () => {
  expect(check('🔑🔑🔑🔑')).toMatch(/at least 8/);
});

test('refuses short and overlong passwords', () => {
  expect(check('short')).toMatch(/at least 8 characters \(12 or more is better\)/);
  expect(check('x'.repeat(257))).toMatch(/at most 256/);
});

test.each(['password', 'Password', '12345678', 'qwertyuiop', 'iloveyou', 'aaaaaaaaaa', 'football'])(
  'refuses the common password %s', (password) => {
    expect(check(password)).toMatch(/too common/);
  },
);

test('refuses the email, its local part and the product name', () => {
  expect(check('Ada.Lovelace@example.com')).toMatch(/email address/);
  expect(check('ada.lovelace')).toMatch(/email address/);
  expect(check('GoToAssist!!')).toMatch(/GoToAssist/);
});
