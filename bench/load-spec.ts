// What the benchmark asks of its load generator (a process of its own), and what it reports back.

export type Scenario =
  /** The same request again and again (token by client_credentials, introspection, userinfo, discovery, JWKS). */
  | {
    readonly kind: 'static'; readonly method: 'GET' | 'POST'; readonly path: string;
    readonly headers: Record<string, string>; readonly body?: string; readonly expect: number;
  }
  /** refresh_token grants: each answer's new refresh token is used for a later request. */
  | { readonly kind: 'refresh'; readonly path: string; readonly headers: Record<string, string>; readonly refreshTokens: readonly string[] }
  /** A relying party signing in again with an existing session: authorize (prompt=none), then exchange the code. */
  | {
    readonly kind: 'code'; readonly authorizePath: string; readonly cookie: string; readonly tokenPath: string;
    readonly headers: Record<string, string>; readonly redirectUri: string;
  }
  /** Full password sign-ins through the HTML forms, then the code exchange (openid-client). */
  | {
    readonly kind: 'signin'; readonly clientId: string; readonly secret: string; readonly redirectUri: string;
    readonly email: string; readonly password: string;
  };

export interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly scenario: Scenario;
}

export interface LoadReport {
  /** Operations that got the answer they expected. */
  readonly ok: number;
  /** Wrong status, or no answer. */
  readonly failed: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50ms: number;
  readonly p99ms: number;
  /** refresh: the tokens still unused at the end, for the next run (a rotated one works once). */
  readonly refreshTokens?: readonly string[];
}

export const REPORT_PREFIX = 'LOAD-REPORT ';
