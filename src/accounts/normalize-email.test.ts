import { normalizeEmail } from './normalize-email.js';

test.each([
  ['Ada@Example.COM', 'ada@example.com'],
  ['  ada@example.com\t', 'ada@example.com'],
  ['first.last+tag@sub.example.co.uk', 'first.last+tag@sub.example.co.uk'],
  ['JOSÉ@exámple.com', 'josé@exámple.com'],
])('%s becomes %s', (input, expected) => {
  expect(normalizeEmail(input)).toBe(expected);
});

test('composed and decomposed accents are one address', () => {
  expect(normalizeEmail('jose\u0301@example.com')).toBe(normalizeEmail('jos\u00e9@example.com'));
});

test.each(['', 'ada', 'ada@', '@example.com', 'ada@example', 'a da@example.com', 'a@b@example.com',
  `${'a'.repeat(65)}@example.com`, `a@${'b'.repeat(250)}.com`, 'ada@example..com'])('%j is not an address', (input) => {
  expect(normalizeEmail(input)).toBeUndefined();
});
