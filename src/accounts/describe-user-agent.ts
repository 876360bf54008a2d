// A person-readable name for a browser and its platform, from the User-Agent header: enough to tell
// one's own devices apart on the account page, not a fingerprint.

export interface DeviceDescription {
  readonly browser: string;
  readonly platform: string;
}

const BROWSERS: readonly [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/Firefox\/(\d+)|FxiOS\/(\d+)/, 'Firefox'],
  [/Chrom(?:e|ium)\/(\d+)|CriOS\/(\d+)/, 'Chrome'],
  [/Version\/(\d+).*Safari\//, 'Safari'],
];

const PLATFORMS: readonly [RegExp, string][] = [
  [/Windows NT/, 'Windows'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

export function describeUserAgent(userAgent: string | undefined): DeviceDescription {
  const ua = (userAgent ?? '').slice(0, 512);
  const browserMatch = BROWSERS.find(([pattern]) => pattern.test(ua));
  const version = browserMatch ? /\d+/.exec(browserMatch[0].exec(ua)?.slice(1).find(Boolean) ?? '')?.[0] : undefined;
  const browser = browserMatch ? `${browserMatch[1]}${version ? ` ${version}` : ''}` : 'Unknown browser';
  const platform = PLATFORMS.find(([pattern]) => pattern.test(ua))?.[1] ?? 'unknown platform';
  return { browser, platform };
}
