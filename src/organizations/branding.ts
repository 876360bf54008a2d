// An organization's look on the sign-in pages: a display name, a primary colour and a logo. What an
// administrator gives is checked here: the colour must be readable on white (WCAG 2.1 AA, 4.5:1, as white
// text on it and as links on the white card), and the logo must be an image by its bytes (never an SVG,
// which can carry scripts), small enough to serve on every sign-in.
import { createHash } from 'node:crypto';

export interface OrganizationBranding {
  readonly displayName: string | null;
  /** #rrggbb, lower case. */
  readonly color: string | null;
  /** The logo's media type and SHA-256 (hex): its URL carries the hash, so it can be cached for good. */
  readonly logo: { readonly type: LogoType; readonly hash: string } | null;
}

export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];
export const LOGO_MAX_BYTES = 200 * 1024;
/** WCAG 2.1 AA for normal text. */
export const MIN_CONTRAST = 4.5;

/** A colour as it is kept: #rrggbb, lower case. */
export const BRAND_COLOR = /^#[0-9a-f]{6}$/;

export type BrandingCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** WCAG 2.1 relative luminance of an sRGB colour (#rrggbb). */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of a colour against white, 1 to 21. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

export function checkColor(input: string): BrandingCheck<string> {
  const color = input.trim().toLowerCase();
  if (!BRAND_COLOR.test(color)) {
    return { ok: false, problem: `${input} is not a colour of the form #RRGGBB` };
  }
  const ratio = contrastWithWhite(color);
  if (ratio < MIN_CONTRAST) {
    return {
      ok: false,
      problem: `${color} has a contrast of ${(Math.floor(ratio * 100) / 100).toFixed(2)}:1 against white; WCAG AA needs ${MIN_CONTRAST}:1 (choose a darker shade)`,
    };
  }
  return { ok: true, value: color };
}

export function checkDisplayName(input: string): BrandingCheck<string> {
  const name = input.trim();
  return name.length >= 1 && name.length <= 100 && !/[\u0000-\u001f\u007f]/.test(name)
    ? { ok: true, value: name } : { ok: false, problem: 'a display name has 1 to 100 characters, without control characters' };
}

/** The image's type from its first bytes (what it claims to be is not asked). */
function sniff(bytes: Uint8Array): LogoType | undefined {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return undefined;
}

export function checkLogo(bytes: Uint8Array): BrandingCheck<{ type: LogoType; hash: string; bytes: Uint8Array }> {
  if (bytes.length === 0 || bytes.length > LOGO_MAX_BYTES) {
    return { ok: false, problem: `a logo has at most ${LOGO_MAX_BYTES / 1024} KiB (this one has ${Math.ceil(bytes.length / 1024)} KiB)` };
  }
  const type = sniff(bytes);
  if (!type) {
    return { ok: false, problem: 'a logo is a PNG, JPEG or WebP image (SVG is not taken: it can carry scripts)' };
  }
  return { ok: true, value: { type, hash: createHash('sha256').update(bytes).digest('hex'), bytes } };
}
