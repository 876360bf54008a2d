// The environment the server accepts: every setting, its type and its default. .env.example mirrors it.
import { isIP } from 'node:net';

import { z } from 'zod';

import { socialEnvSchema } from './social-env.js';

const boolean = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const seconds = (fallback: number) => z.coerce.number().int().min(1).max(10 * 365 * 24 * 3600).default(fallback);

const commaList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item.length > 0));

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

const urlList = commaList.pipe(z.array(httpUrl).min(1, 'must list at least one URL'));

/** 192.0.2.1, 192.0.2.1:53, 2001:db8::1 or [2001:db8::1]:53, as Node's resolver takes them. */
function isDnsServer(value: string): boolean {
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(value);
  const withPort = /^([0-9.]+):(\d{1,5})$/.exec(value);
  const [address, port] = bracketed ? [bracketed[1]!, bracketed[2]] : withPort ? [withPort[1]!, withPort[2]] : [value, undefined];
  return isIP(address) !== 0 && (port === undefined || (Number(port) >= 1 && Number(port) <= 65535));
}

/** An IP address or a CIDR range: 10.0.0.5, 10.20.0.0/16, fd00::/8. */
export function isAddressRange(value: string): boolean {
  const [network, prefix, ...rest] = value.split('/');
  const family = isIP(network ?? '');
  if (family === 0 || rest.length > 0) {
    return false;
  }
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** host:port, as a Redis Cluster node or a Sentinel is named. */
function isHostPort(value: string): boolean {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
}

const optionalSecret = (minLength: number) =>
  z.string().min(minLength, `must be at least ${minLength} characters`).optional();

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ISSUER: httpUrl.optional(),
  TRUST_PROXY: boolean.default(false),
  MANAGEMENT_HOST: z.string().min(1).default('127.0.0.1'),
  MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(300).default(5),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(20),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().transform((value, context) => {
    const headers: Record<string, string> = {};
    for (const pair of value.split(',').map((item) => item.trim()).filter((item) => item.length > 0)) {
      const at = pair.indexOf('=');
      const name = at > 0 ? pair.slice(0, at).trim() : '';
      let header: string | undefined;
      try {
        header = decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        header = undefined;
      }
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || header === undefined || /[\r\n\0]/.test(header)) {
        context.addIssue({ code: 'custom', message: 'must be name=value pairs separated by commas (values URL-encoded)' });
        return z.NEVER;
      }
      headers[name.toLowerCase()] = header;
    }
    return headers;
  }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(256).default('gotoassist-identity'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(10).max(600_000).default(5000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  REDIS_CLUSTER_NODES: commaList.pipe(z.array(z.string().refine(isHostPort, 'each node is host:port')).min(1)).optional(),
  REDIS_SENTINELS: commaList.pipe(z.array(z.string().refine(isHostPort, 'each sentinel is host:port')).min(1)).optional(),
  REDIS_SENTINEL_NAME: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits and . _ - only').default('mymaster'),
  REDIS_SENTINEL_USERNAME: z.string().min(1).max(256).optional(),
  REDIS_SENTINEL_PASSWORD: z.string().min(1).max(1024).optional(),
  REDIS_USERNAME: z.string().min(1).max(256).optional(),
  REDIS_PASSWORD: z.string().min(1).max(1024).optional(),
  REDIS_TLS: boolean.default(false),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only').default('idp:'),

  COOKIE_KEYS: commaList.pipe(z.array(z.string().min(32, 'each key must be at least 32 characters')).min(1)).optional(),
  DATA_ENCRYPTION_KEYS: commaList
    .pipe(z.array(z.base64().refine((key) => Buffer.from(key, 'base64').length === 32, 'each key must be 32 bytes, base64')).min(1))
    .optional(),

  GOTOASSIST_REDIRECT_URIS: urlList.default(['http://localhost:8080/callback']),
  GOTOASSIST_POST_LOGOUT_REDIRECT_URIS: urlList.default(['http://localhost:8080/']),
  GOTOASSIST_CLIENT_SECRET: optionalSecret(32),
  ADMIN_CENTER_REDIRECT_URIS: urlList.optional(),
  ADMIN_CENTER_POST_LOGOUT_REDIRECT_URIS: urlList.optional(),
  ADMIN_CENTER_CLIENT_SECRET: optionalSecret(32),

  DEMO_APP: boolean.optional(),

  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(3).max(320).default('"GoToAssist" <no-reply@localhost>'),
  LOGIN_VERIFICATION: boolean.default(true),
  WEBAUTHN_RP_ID: z.string().regex(/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'must be a lower-case host name').optional(),
  WEBAUTHN_ORIGINS: urlList.optional(),
  FEDERATION_TIMEOUT: seconds(10),
  SAML_CLOCK_SKEW: z.coerce.number().int().min(0).max(600).default(120),
  SAML_SP_KEY_FILE: z.string().min(1).optional(),
  SAML_SP_CERTIFICATE_FILE: z.string().min(1).optional(),
  // The operator's look: a CSS file served after the product's stylesheet (custom properties to override).
  THEME_CSS_FILE: z.string().min(1).optional(),
  DNS_SERVERS: commaList.pipe(z.array(z.string().refine(isDnsServer, 'each server is an IP address, optionally with :port')).min(1)).optional(),
  // What a tenant's URLs (a company identity provider, a registered client's keys) may reach although it is not
  // public: host names, addresses or CIDR ranges, for an on-premises provider. The operator's own settings
  // (environment, CLI) are not limited.
  OUTBOUND_ALLOW_PRIVATE: commaList.pipe(z.array(z.string().max(253).refine(
    (item) => isAddressRange(item) || /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(item),
    'each item is a host name, an IP address or a CIDR range'))).default([]),
  // Admin API calls a minute: per access token, and per address (all tokens and none together).
  ADMIN_API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  ADMIN_API_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  // SCIM requests a minute: per SCIM token, and per address.
  SCIM_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  SCIM_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(2400),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),

  REGISTRATION_ENABLED: boolean.default(false),
  REGISTRATION_INITIAL_ACCESS_TOKEN: optionalSecret(32),

  ACCESS_TOKEN_TTL: seconds(3600),
  ID_TOKEN_TTL: seconds(3600),
  REFRESH_TOKEN_TTL: seconds(14 * 24 * 3600),
  AUTHORIZATION_CODE_TTL: seconds(60),
  INTERACTION_TTL: seconds(3600),
  SESSION_TTL: seconds(8 * 3600),
  KEEP_SIGNED_IN_TTL: seconds(30 * 24 * 3600),
  SIGNING_KEYS_RELOAD_INTERVAL: seconds(30),
}).extend(socialEnvSchema.shape);

export type Env = z.infer<typeof envSchema>;
