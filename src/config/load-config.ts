import { isAbsolute, resolve } from 'node:path';

import { checkBackchannelLogoutUri } from '../clients/redirect-uri-rules.js';
import type { Config, FirstPartyClientConfig, HostPort, RedisConfig, RedisTarget } from './config.js';
import { ConfigError, type SettingProblem } from './config-error.js';
import { readOrCreateDevSecrets } from './dev-secrets.js';
import { envSchema, isAddressRange, type Env } from './env-schema.js';
import { samlKeyPair } from './saml-keys.js';
import { themeCss } from './theme-file.js';
import { socialConfig } from './social-env.js';

function tracingConfig(env: Env): Config['tracing'] {
  const tracesUrl = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
    ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined);
  return tracesUrl === undefined ? undefined : {
    tracesUrl,
    headers: env.OTEL_EXPORTER_OTLP_HEADERS ?? {},
    serviceName: env.OTEL_SERVICE_NAME,
    sampleRatio: env.OTEL_TRACES_SAMPLER_ARG,
    exportDelayMs: env.OTEL_BSP_SCHEDULE_DELAY,
  };
}

/** Parses and validates the environment once, at start-up. Throws ConfigError naming each bad setting. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = parseEnv(source);
  const issuer = (env.ISSUER ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  const demoLogoutUri = `${issuer}/demo/backchannel-logout`;
  const dataDir = isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(process.cwd(), env.DATA_DIR);
  const problems = crossChecks(env, issuer);
  const social = socialConfig(env, problems);
  const samlKeys = samlKeyPair(env.SAML_SP_KEY_FILE, env.SAML_SP_CERTIFICATE_FILE, problems);
  const theme = themeCss(env.THEME_CSS_FILE, problems);
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  const secrets = resolveSecrets(env, dataDir);

  return deepFreeze({
    env: env.NODE_ENV,
    http: {
      host: env.HOST,
      port: env.PORT,
      issuer,
      trustProxy: env.TRUST_PROXY,
    },
    logLevel: env.LOG_LEVEL,
    management: { host: env.MANAGEMENT_HOST, port: env.MANAGEMENT_PORT },
    tracing: tracingConfig(env),
    shutdown: { graceSeconds: env.SHUTDOWN_GRACE_SECONDS, timeoutSeconds: env.SHUTDOWN_TIMEOUT_SECONDS },
    storage: {
      dataDir,
      databaseUrl: env.DATABASE_URL,
      databasePoolSize: env.DATABASE_POOL_SIZE,
      databaseQueryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
      redis: redisConfig(env),
    },
    secrets,
    clients: {
      gotoassist: firstParty('gotoassist', 'GoToAssist', env.GOTOASSIST_REDIRECT_URIS,
        env.GOTOASSIST_POST_LOGOUT_REDIRECT_URIS, env.GOTOASSIST_CLIENT_SECRET),
      // The Admin Center served here always signs in through its own callback; more can be added.
      adminCenter: firstParty('admin-center', 'Admin Center',
        unique([`${issuer}/admin/callback`, ...(env.ADMIN_CENTER_REDIRECT_URIS ?? [])]),
        unique([`${issuer}/admin/`, ...(env.ADMIN_CENTER_POST_LOGOUT_REDIRECT_URIS ?? [])]),
        env.ADMIN_CENTER_CLIENT_SECRET),
      // The demo app: on by default, except in production where it must be asked for.
      demo: (env.DEMO_APP ?? env.NODE_ENV !== 'production')
        ? { ...firstParty(DEMO_CLIENT_ID, 'GoToAssist (demo)', [`${issuer}/demo/callback`], [`${issuer}/demo/`], undefined),
          // Told at once when a session it signed in ends (an https issuer, or one on this machine).
          ...(checkBackchannelLogoutUri(demoLogoutUri) === undefined ? { backchannelLogoutUri: demoLogoutUri } : {}) }
        : undefined,
    },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    loginVerification: env.LOGIN_VERIFICATION,
    webauthn: {
      rpId: env.WEBAUTHN_RP_ID ?? new URL(issuer).hostname,
      origins: unique([new URL(issuer).origin, ...(env.WEBAUTHN_ORIGINS ?? []).map((origin) => new URL(origin).origin)]),
    },
    federationTimeout: env.FEDERATION_TIMEOUT,
    samlClockSkew: env.SAML_CLOCK_SKEW,
    samlKeys,
    theme,
    outbound: {
      allowedHosts: env.OUTBOUND_ALLOW_PRIVATE.filter((item) => !isAddressRange(item)).map((host) => host.toLowerCase()),
      allowedRanges: env.OUTBOUND_ALLOW_PRIVATE.filter(isAddressRange),
    },
    dnsServers: env.DNS_SERVERS,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    adminApi: { perTokenPerMinute: env.ADMIN_API_RATE_LIMIT, perAddressPerMinute: env.ADMIN_API_RATE_LIMIT_PER_ADDRESS },
    scim: { perTokenPerMinute: env.SCIM_RATE_LIMIT, perAddressPerMinute: env.SCIM_RATE_LIMIT_PER_ADDRESS },
    social,
    registration: {
      enabled: env.REGISTRATION_ENABLED,
      initialAccessToken: env.REGISTRATION_INITIAL_ACCESS_TOKEN,
    },
    ttl: {
      accessToken: env.ACCESS_TOKEN_TTL,
      idToken: env.ID_TOKEN_TTL,
      refreshToken: env.REFRESH_TOKEN_TTL,
      authorizationCode: env.AUTHORIZATION_CODE_TTL,
      interaction: env.INTERACTION_TTL,
      session: env.SESSION_TTL,
      keepSignedIn: env.KEEP_SIGNED_IN_TTL,
    },
    signingKeys: { reloadIntervalSeconds: env.SIGNING_KEYS_RELOAD_INTERVAL },
  });
}

function redisConfig(env: Env): RedisConfig | undefined {
  const target: RedisTarget | undefined = env.REDIS_CLUSTER_NODES
    ? { kind: 'cluster', nodes: env.REDIS_CLUSTER_NODES.map(hostPort) }
    : env.REDIS_SENTINELS
      ? {
        kind: 'sentinel', sentinels: env.REDIS_SENTINELS.map(hostPort), name: env.REDIS_SENTINEL_NAME,
        sentinelUsername: env.REDIS_SENTINEL_USERNAME, sentinelPassword: env.REDIS_SENTINEL_PASSWORD ?? env.REDIS_PASSWORD,
      }
      : env.REDIS_URL ? { kind: 'node', url: env.REDIS_URL } : undefined;
  return target && {
    target,
    keyPrefix: env.REDIS_KEY_PREFIX,
    username: env.REDIS_USERNAME,
    password: env.REDIS_PASSWORD,
    tls: env.REDIS_TLS,
    commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
  };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function hostPort(value: string): HostPort {
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(value.slice(at + 1)) };
}

export const DEMO_CLIENT_ID = 'gotoassist-demo';

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function parseEnv(source: NodeJS.ProcessEnv): Env {
  // An empty variable means unset, as in most tools that read .env files.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => ({
      setting: issue.path.map(String).join('.') || '(environment)',
      problem: issue.message,
    })));
  }
  return result.data;
}

function crossChecks(env: Env, issuer: string): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const url = new URL(issuer);
  if (url.search || url.hash) {
    problems.push({ setting: 'ISSUER', problem: 'must not have a query or fragment' });
  }
  if (env.NODE_ENV === 'production' && url.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    problems.push({ setting: 'ISSUER', problem: 'must be https:// in production' });
  }
  if (url.protocol === 'https:' && !env.TRUST_PROXY) {
    // This server speaks plain HTTP; https reaches it through a proxy whose headers it must trust.
    problems.push({ setting: 'TRUST_PROXY', problem: 'must be true when ISSUER is https (TLS ends at your proxy)' });
  }
  if (env.NODE_ENV === 'production' && !env.SMTP_URL) {
    problems.push({ setting: 'SMTP_URL', problem: 'is required in production (without it, mail only goes to files in DATA_DIR/outbox)' });
  }
  if (env.MANAGEMENT_PORT !== 0 && env.MANAGEMENT_PORT === env.PORT) {
    problems.push({ setting: 'MANAGEMENT_PORT', problem: 'must differ from PORT: metrics are never served on the public port' });
  }
  const redisTargets = (['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const).filter((setting) => env[setting] !== undefined);
  if (redisTargets.length > 1) {
    problems.push({ setting: redisTargets[1]!, problem: `cannot be set together with ${redisTargets[0]}: choose one way to reach Redis` });
  }
  // WebAuthn binds a passkey to its RP ID: ISSUER's host or a parent domain of it, and each origin's host the
  // same or below it; browsers refuse the rest, so a bad value would only fail later, at every passkey.
  const rpId = env.WEBAUTHN_RP_ID ?? hostOf(issuer);
  const within = (host: string | undefined) => host !== undefined && (host === rpId || host.endsWith(`.${rpId}`));
  if (env.WEBAUTHN_RP_ID && !within(hostOf(issuer))) {
    problems.push({ setting: 'WEBAUTHN_RP_ID', problem: `must be ISSUER's host (${hostOf(issuer)}) or a parent domain of it` });
  }
  for (const origin of env.WEBAUTHN_ORIGINS ?? []) {
    if (!within(hostOf(origin))) {
      problems.push({ setting: 'WEBAUTHN_ORIGINS', problem: `${origin} is not on ${rpId} or below it` });
    }
  }
  for (const setting of ['REDIS_SENTINEL_USERNAME', 'REDIS_SENTINEL_PASSWORD'] as const) {
    if (env[setting] !== undefined && env.REDIS_SENTINELS === undefined) {
      problems.push({ setting, problem: 'is for the sentinels: set REDIS_SENTINELS too' });
    }
  }
  if (env.REGISTRATION_ENABLED && !env.REGISTRATION_INITIAL_ACCESS_TOKEN) {
    problems.push({ setting: 'REGISTRATION_INITIAL_ACCESS_TOKEN', problem: 'is required when REGISTRATION_ENABLED is on' });
  }
  // Generated development secrets live in one data directory: fine for the embedded default only.
  const generatedSecretsAllowed = env.NODE_ENV !== 'production' && env.DATABASE_URL === undefined;
  if (!generatedSecretsAllowed) {
    const why = env.NODE_ENV === 'production' ? 'in production' : 'when DATABASE_URL is set';
    for (const setting of ['COOKIE_KEYS', 'DATA_ENCRYPTION_KEYS'] as const) {
      if (env[setting] === undefined) {
        problems.push({ setting, problem: `is required ${why} (see .env.example for how to make one)` });
      }
    }
  }
  return problems;
}

function resolveSecrets(env: Env, dataDir: string): Config['secrets'] {
  const needGenerated = env.COOKIE_KEYS === undefined || env.DATA_ENCRYPTION_KEYS === undefined;
  const generated = needGenerated ? readOrCreateDevSecrets(dataDir) : undefined;
  return {
    cookieKeys: env.COOKIE_KEYS ?? [generated!.cookieKey],
    dataEncryptionKeys: (env.DATA_ENCRYPTION_KEYS ?? [generated!.dataEncryptionKey]).map((key) => Buffer.from(key, 'base64')),
  };
}

function firstParty(clientId: string, name: string, redirectUris: string[], postLogoutRedirectUris: string[],
  secret: string | undefined): FirstPartyClientConfig {
  return { clientId, name, redirectUris, postLogoutRedirectUris, secret };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const inner of Object.values(value)) {
      deepFreeze(inner);
    }
    Object.freeze(value);
  }
  return value;
}
