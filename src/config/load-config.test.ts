import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const secrets = { COOKIE_KEYS: 'k'.repeat(32), DATA_ENCRYPTION_KEYS: Buffer.alloc(32, 7).toString('base64') };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...secrets, ...env });
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems.map(({ setting, problem }) => `${setting}: ${problem}`);
    }
    throw error;
  }
  return [];
}

test('defaults: port 3000, issuer on localhost, embedded storage', () => {
  const config = loadConfig({ ...secrets });
  expect(config.http).toMatchObject({ port: 3000, issuer: 'http://localhost:3000', trustProxy: false });
  expect(config.storage).toMatchObject({ databaseUrl: undefined, redis: undefined });
  expect(config.ttl.keepSignedIn).toBe(30 * 24 * 3600);
  expect(config.clients.adminCenter.redirectUris).toEqual(['http://localhost:3000/admin/callback']);
  expect(Object.isFrozen(config.http)).toBe(true);
});

test('PORT and ISSUER can be overridden; a trailing slash is dropped', () => {
  const config = loadConfig({ ...secrets, PORT: '8443', ISSUER: 'https://id.example.com/', TRUST_PROXY: 'true' });
  expect(config.http.port).toBe(8443);
  expect(config.http.issuer).toBe('https://id.example.com');
});

test.each([
  [{ PORT: 'eighty' }, 'PORT'],
  [{ PORT: '70000' }, 'PORT'],
  [{ ISSUER: 'ftp://example.com' }, 'ISSUER: must be an http:// or https:// URL'],
  [{ ISSUER: 'https://id.example.com?x=1', TRUST_PROXY: 'true' }, 'ISSUER: must not have a query or fragment'],
  [{ ISSUER: 'https://id.example.com' }, 'TRUST_PROXY: must be true when ISSUER is https'],
  [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
  [{ DATABASE_URL: 'mysql://db/idp' }, 'DATABASE_URL: must be a postgresql:// URL'],
  [{ REDIS_URL: 'http://cache' }, 'REDIS_URL: must be a redis:// or rediss:// URL'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  [{ SMTP_URL: 'http://mail.example' }, 'SMTP_URL: must be an smtp:// or smtps:// URL'],
  [{ LOGIN_VERIFICATION: 'maybe' }, 'LOGIN_VERIFICATION'],
  [{ COOKIE_KEYS: 'short' }, 'COOKIE_KEYS.0: each key must be at least 32 characters'],
  [{ DATA_ENCRYPTION_KEYS: 'c2hvcnQ=' }, 'DATA_ENCRYPTION_KEYS.0: each key must be 32 bytes, base64'],
  [{ GOTOASSIST_REDIRECT_URIS: 'https://ok.example/cb, not a url' }, 'GOTOASSIST_REDIRECT_URIS.1'],
  [{ ACCESS_TOKEN_TTL: '-5' }, 'ACCESS_TOKEN_TTL'],
  [{ REGISTRATION_ENABLED: 'true' }, 'REGISTRATION_INITIAL_ACCESS_TOKEN: is required when REGISTRATION_ENABLED is on'],
  [{ GOTOASSIST_CLIENT_SECRET: 'tiny' }, 'GOTOASSIST_CLIENT_SECRET: must be at least 32 characters'],
])('%j is refused, naming %s', (env, expected) => {
  expect(problems(env).join('\n')).toContain(expected);
});

test('every bad setting is named at once', () => {
  expect(problems({ PORT: 'x', LOG_LEVEL: 'y' })).toHaveLength(2);
});

test('production and a shared database need secrets from the environment', () => {
  const missing = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems.map((problem) => problem.setting);
    }
  };
  expect(missing({ NODE_ENV: 'production' })).toEqual(['SMTP_URL', 'COOKIE_KEYS', 'DATA_ENCRYPTION_KEYS']);
  expect(missing({ DATABASE_URL: 'postgresql://localhost/idp' })).toEqual(['COOKIE_KEYS', 'DATA_ENCRYPTION_KEYS']);
});

test('the embedded default generates its secrets once, readable by this user only', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'idp-config-'));
  try {
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.secrets.cookieKeys).toEqual(first.secrets.cookieKeys);
    expect(second.secrets.dataEncryptionKeys[0]!.equals(first.secrets.dataEncryptionKeys[0]!)).toBe(true);
    expect(statSync(join(dataDir, 'dev-secrets.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')).toContain('cookieKey');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an empty variable counts as unset', () => {
  expect(loadConfig({ ...secrets, PORT: '', REDIS_URL: '' }).http.port).toBe(3000);
});

test('Sentinel: the sentinels have credentials of their own, the data nodes\' by default; only with REDIS_SENTINELS', () => {
  const sentinel = (env: Record<string, string>) => loadConfig({ ...secrets, REDIS_SENTINELS: 's1:26379,s2:26379', ...env }).storage.redis?.target;
  expect(sentinel({ REDIS_PASSWORD: 'data' })).toMatchObject({ kind: 'sentinel', sentinelPassword: 'data', sentinelUsername: undefined });
  expect(sentinel({ REDIS_PASSWORD: 'data', REDIS_SENTINEL_PASSWORD: 'watchers', REDIS_SENTINEL_USERNAME: 'sentinel-user' }))
    .toMatchObject({ sentinelPassword: 'watchers', sentinelUsername: 'sentinel-user' });
  expect(problems({ REDIS_URL: 'redis://r:6379', REDIS_SENTINEL_PASSWORD: 'watchers' })).toEqual([
    'REDIS_SENTINEL_PASSWORD: is for the sentinels: set REDIS_SENTINELS too',
  ]);
});

test("passkeys: the RP ID is ISSUER's host, or a parent domain of it; other origins must be on it", () => {
  expect(loadConfig({ ...secrets, TRUST_PROXY: 'true', ISSUER: 'https://id.example.com:8443/base' }).webauthn).toEqual({
    rpId: 'id.example.com', origins: ['https://id.example.com:8443'],
  });
  expect(loadConfig({
    ...secrets, TRUST_PROXY: 'true', ISSUER: 'https://id.example.com', WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'https://login.example.com/',
  })
    .webauthn).toEqual({ rpId: 'example.com', origins: ['https://id.example.com', 'https://login.example.com'] });
  expect(problems({ TRUST_PROXY: 'true', ISSUER: 'https://id.example.com', WEBAUTHN_RP_ID: 'other.example' })).toEqual([
    "WEBAUTHN_RP_ID: must be ISSUER's host (id.example.com) or a parent domain of it",
  ]);
  expect(problems({ TRUST_PROXY: 'true', ISSUER: 'https://id.example.com', WEBAUTHN_ORIGINS: 'https://example.com.evil.test' })).toEqual([
    'WEBAUTHN_ORIGINS: https://example.com.evil.test is not on id.example.com or below it',
  ]);
  expect(problems({ WEBAUTHN_RP_ID: 'Not A Host' })[0]).toMatch(/^WEBAUTHN_RP_ID/);
});

describe('tracing', () => {
  test('off unless an OTLP endpoint is set; the traces URL follows the endpoint, or is given whole', () => {
    expect(loadConfig({ ...secrets }).tracing).toBeUndefined();
    expect(loadConfig({ ...secrets, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces', headers: {}, serviceName: 'gotoassist-identity', sampleRatio: 1, exportDelayMs: 5000,
    });
    expect(loadConfig({
      ...secrets, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/in',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20k%3D1, x-tenant = idp', OTEL_TRACES_SAMPLER_ARG: '0.25',
    }).tracing).toMatchObject({ tracesUrl: 'https://traces.example/in', headers: { authorization: 'Bearer k=1', 'x-tenant': 'idp' }, sampleRatio: 0.25 });
  });

  test('bad tracing settings are named', () => {
    expect(problems({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_EXPORTER_OTLP_HEADERS: 'no-equals-sign', OTEL_TRACES_SAMPLER_ARG: '2',
      OTEL_BSP_SCHEDULE_DELAY: 'soon',
    }).map((problem) => problem.split(':')[0])).toEqual(expect.arrayContaining([
      'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_TRACES_SAMPLER_ARG', 'OTEL_BSP_SCHEDULE_DELAY',
    ]));
    expect(problems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_HEADERS: 'a=%E0%A4%A' })[0]).toMatch(/^OTEL_EXPORTER_OTLP_HEADERS/);
  });
});

describe('social and other providers', () => {
  const appleKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const apple = { APPLE_CLIENT_ID: 'com.example.signin', APPLE_TEAM_ID: 'ABCDE12345', APPLE_KEY_ID: 'KEY1234567' };

  test('none is on unless configured', () => {
    expect(loadConfig({ ...secrets }).social).toEqual({});
  });

  test('a configured provider is on, with its default endpoints', () => {
    const config = loadConfig({
      ...secrets, GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret', MICROSOFT_CLIENT_ID: 'id', MICROSOFT_CLIENT_SECRET: 'secret', MICROSOFT_TENANT: 'contoso.example',
      ...apple, APPLE_PRIVATE_KEY: appleKey.replace(/\n/g, '\\n'),
    });
    expect(Object.keys(config.social)).toEqual(['google', 'microsoft', 'apple']);
    expect(config.social.google?.authorizationUrl).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(config.social.microsoft?.tokenUrl).toBe('https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token');
    expect(config.social.apple?.privateKey).toBe(appleKey);
  });

  test.each([
    [{ GOOGLE_CLIENT_ID: 'id' }, 'GOOGLE_CLIENT_SECRET: is required with GOOGLE_CLIENT_ID'],
    [{ FACEBOOK_APP_SECRET: 'secret' }, 'FACEBOOK_APP_ID: is required with FACEBOOK_APP_SECRET'],
    [{ LASTPASS_ISSUER: 'https://lastpass.example' }, 'LASTPASS_CLIENT_ID: is required with LASTPASS_ISSUER'],
    [{ GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's', GOOGLE_TOKEN_URL: 'not a url' }, 'GOOGLE_TOKEN_URL: must be an http:// or https:// URL'],
    [{ ...apple, APPLE_PRIVATE_KEY: 'not a key' }, 'APPLE_PRIVATE_KEY: is not the PEM of an EC private key'],
    [{ ...apple, APPLE_TEAM_ID: 'team', APPLE_PRIVATE_KEY: appleKey }, 'APPLE_TEAM_ID: is the 10-character Apple team id'],
    [{ MICROSOFT_TENANT: 'common/../evil' }, 'MICROSOFT_TENANT'],
  ])('a misconfigured provider stops the start-up, naming the setting: %o', (env, expected) => {
    expect(problems(env).join('\n')).toContain(expected);
  });
});
