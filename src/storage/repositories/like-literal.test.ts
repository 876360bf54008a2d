import { likeLiteral } from './like-literal.js';

test('escapes the LIKE wildcards and the escape character', () => {
  expect(likeLiteral('100%_off\\')).toBe('100\\%\\_off\\\\');
  expect(likeLiteral('plain@example.com')).toBe('plain@example.com');
});
