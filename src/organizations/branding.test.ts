import { checkColor, checkDisplayName, checkLogo, contrastWithWhite, LOGO_MAX_BYTES } from './branding.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

test.each([
  // The extremes, and colours whose ratios are published (WebAIM's contrast checker).
  ['#000000', 21],
  ['#ffffff', 1],
  ['#0b5fff', 5.1],
  ['#767676', 4.54],
])('the contrast of %s against white is %d:1', (color, ratio) => {
  expect(contrastWithWhite(color)).toBeCloseTo(ratio, 1);
});

test('a colour readable on white (AA, 4.5:1) is taken, lower case', () => {
  expect(checkColor(' #0B5FFF ')).toEqual({ ok: true, value: '#0b5fff' });
  expect(checkColor('#767676')).toEqual({ ok: true, value: '#767676' });
});

test.each([
  ['#777777', /contrast of 4\.47:1 against white; WCAG AA needs 4\.5:1/],
  ['#ffcc00', /contrast of 1\.\d\d:1/],
  ['red', /not a colour of the form #RRGGBB/],
  ['#12345', /not a colour/],
  ['#1234567', /not a colour/],
])('%s is refused with the reason', (color, problem) => {
  const checked = checkColor(color);
  expect(checked.ok).toBe(false);
  expect(checked.ok ? '' : checked.problem).toMatch(problem);
});

test('a display name has 1 to 100 characters', () => {
  expect(checkDisplayName('  Acme  ')).toEqual({ ok: true, value: 'Acme' });
  expect(checkDisplayName(' ').ok).toBe(false);
  expect(checkDisplayName('x'.repeat(101)).ok).toBe(false);
  expect(checkDisplayName('a\nb').ok).toBe(false);
});

test('a logo is known by its bytes: PNG, JPEG, WebP; an SVG or anything else is refused, and so is a large one', () => {
  expect(checkLogo(PNG)).toMatchObject({ ok: true, value: { type: 'image/png', hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  expect(checkLogo(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({ ok: true, value: { type: 'image/jpeg' } });
  expect(checkLogo(new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]))).toMatchObject({ ok: true, value: { type: 'image/webp' } });
  const svg = checkLogo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
  expect(svg).toEqual({ ok: false, problem: expect.stringContaining('SVG is not taken') });
  const large = new Uint8Array(LOGO_MAX_BYTES + 1);
  large.set(PNG);
  expect(checkLogo(large)).toEqual({ ok: false, problem: expect.stringContaining('at most 200 KiB') });
  expect(checkLogo(new Uint8Array()).ok).toBe(false);
});
