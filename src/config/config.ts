// The parsed, validated configuration that the rest of the server receives (frozen).

import type { SamlKeyPair } from './saml-keys.js';
import type { ThemeCss } from './theme-file.js';
import type { SocialConfig } from './social-env.js';

export type RuntimeEnv = 'development' | 'production' | 'test';

export interface FirstPartyClientConfig {
  readonly clientId: string;
  readonly name: string;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  /** Unset: a public client that must use PKCE. */
  readonly secret: string | undefined;
  /** Told of sign-outs (back-channel logout). */
  readonly backchannelLogoutUri?: string | undefined;
}

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** A single Redis node (its URL), a primary found through Sentinel, or a Cluster. */
export type RedisTarget =
  | { readonly kind: 'node'; readonly url: string }
  | { readonly kind: 'cluster'; readonly nodes: readonly HostPort[] }
  | {
    readonly kind: 'sentinel'; readonly sentinels: readonly HostPort[]; readonly name: string;
    /** The sentinels' own credentials (their requirepass / ACL user); unset, the data nodes' are tried. */
    readonly sentinelUsername: string | undefined; readonly sentinelPassword: string | undefined;
  };

export interface RedisConfig {
  readonly target: RedisTarget;
  /** Prepended to every key, so that several deployments (or test runs) can share one Redis. */
  readonly keyPrefix: string;
  /** For Cluster and Sentinel targets (a single node's URL carries its own). */
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly tls: boolean;
  /** A command without an answer after this long fails, and the request is answered 503. */
  readonly commandTimeoutMs: number;
}

/** OpenTelemetry tracing (OTLP over HTTP), when an endpoint is set. */
export interface TracingConfig {
  /** Where spans are posted: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  readonly tracesUrl: string;
  /** Sent with each export (a collector's API key): never logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly serviceName: string;
  /** The share of traces that start here which are recorded; a caller's sampled trace always is. */
  readonly sampleRatio: number;
  /** Spans are sent in batches this often. */
  readonly exportDelayMs: number;
}

export interface Config {
  readonly env: RuntimeEnv;
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** Without a trailing slash. */
    readonly issuer: string;
    /** Trust X-Forwarded-* headers: needed behind a TLS-terminating proxy, so cookies can be Secure. */
    readonly trustProxy: boolean;
  };
  readonly logLevel: string;
  /** /metrics, /healthz and /readyz, away from the public port. */
  readonly management: { readonly host: string; readonly port: number };
  readonly tracing: TracingConfig | undefined;
  readonly shutdown: {
    /** After SIGTERM, /readyz says 503 this long while requests are still served, so a load balancer moves away. */
    readonly graceSeconds: number;
    /** Then requests in flight get this long to finish before their connections are closed. */
    readonly timeoutSeconds: number;
  };
  readonly storage: {
    /** Absolute path. */
    readonly dataDir: string;
    readonly databaseUrl: string | undefined;
    readonly databasePoolSize: number;
    /** A query with no answer after this long fails (503) and its connection is dropped. */
    readonly databaseQueryTimeoutMs: number;
    /** Unset: the embedded default keeps short-lived state in its database. */
    readonly redis: RedisConfig | undefined;
  };
  readonly secrets: {
    /** The first signs, all verify. */
    readonly cookieKeys: readonly string[];
    /** The first encrypts, all decrypt. */
    readonly dataEncryptionKeys: readonly Buffer[];
  };
  readonly clients: {
    readonly gotoassist: FirstPartyClientConfig;
    readonly adminCenter: FirstPartyClientConfig;
    /** The demo GoToAssist app at /demo, when it is on. */
    readonly demo: FirstPartyClientConfig | undefined;
  };
  readonly mail: {
    /** Unset: messages go to DATA_DIR/outbox (development). */
    readonly smtpUrl: string | undefined;
    readonly from: string;
  };
  /** Ask by email to verify a sign-in from an unrecognised device. */
  readonly loginVerification: boolean;
  /** Passkeys: the RP ID (ISSUER's host, or a parent domain of it) and the origins whose answers count. */
  readonly webauthn: { readonly rpId: string; readonly origins: readonly string[] };
  /** Seconds to wait for another identity provider (company or social) before giving up. */
  readonly federationTimeout: number;
  /** Seconds a SAML assertion's NotBefore/NotOnOrAfter may be off by (the two servers' clocks disagree). */
  readonly samlClockSkew: number;
  /** Our SAML service provider's key pair (signed AuthnRequests, encrypted assertions), when the operator gave one. */
  readonly samlKeys: SamlKeyPair | undefined;
  /** The operator's theme (THEME_CSS_FILE), served as /static/theme.css after the product's stylesheet. */
  readonly theme: ThemeCss | undefined;
  /** What tenants' outbound URLs may reach beyond public addresses (the operator's choice). */
  readonly outbound: { readonly allowedHosts: readonly string[]; readonly allowedRanges: readonly string[] };
  /** The DNS servers that prove domains (TXT records); undefined: the system's. */
  readonly dnsServers: readonly string[] | undefined;
  /** Audit events older than this many days are removed. */
  readonly auditRetentionDays: number;
  /** Admin API calls a minute, per access token and per address. */
  readonly adminApi: { readonly perTokenPerMinute: number; readonly perAddressPerMinute: number };
  /** SCIM requests a minute per token and per address. */
  readonly scim: { readonly perTokenPerMinute: number; readonly perAddressPerMinute: number };
  /** The social and other sign-in providers that are configured (and so on). */
  readonly social: SocialConfig;
  readonly registration: {
    readonly enabled: boolean;
    readonly initialAccessToken: string | undefined;
  };
  readonly ttl: {
    readonly accessToken: number;
    readonly idToken: number;
    readonly refreshToken: number;
    readonly authorizationCode: number;
    readonly interaction: number;
    readonly session: number;
    readonly keepSignedIn: number;
  };
  readonly signingKeys: {
    readonly reloadIntervalSeconds: number;
  };
}

export function usesEmbeddedDatabase(config: Config): boolean {
  return config.storage.databaseUrl === undefined;
}
