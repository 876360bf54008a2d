// A company's identity provider for tests: the oidc-provider library itself, on its own address (cookies
// ignore ports), with its own accounts and its development sign-in pages (any password goes).
import { createServer, type Server } from 'node:http';

import Provider, { type ClientMetadata } from 'oidc-provider';

import { freePort } from './free-port.js';

export interface CompanyIdp {
  readonly issuer: string;
  close(): Promise<void>;
}

export interface CompanyAccount {
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
  readonly [claim: string]: unknown;
}

const HOST = '127.0.0.3';

export async function startCompanyIdp(options: {
  clients: ClientMetadata[];
  /** By login name, as typed on the provider's sign-in page. */
  accounts: Record<string, CompanyAccount>;
}): Promise<CompanyIdp> {
  const port = await freePort(HOST);
  const issuer = `http://${HOST}:${port}`;
  const provider = new Provider(issuer, {
    clients: options.clients,
    features: { devInteractions: { enabled: true } },
    // corp: a company-specific scope whose claim carries the work email (to test claim mapping).
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], corp: ['employee_mail', 'display'] },
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => {
      const account = options.accounts[sub];
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
    loadExistingGrant: async (ctx) => {
      // The company has already approved this application: no consent page.
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile corp');
      await grant.save();
      return grant;
    },
    pkce: { required: () => true },
    // oidc-provider hands its fetch a dispatcher that refuses loopback addresses (its SSRF guard); this
    // stand-in fetches our keys from one, so it leaves that dispatcher out.
    fetch: (url, options) => { const { dispatcher: _guarded, ...rest } = (options ?? {}) as RequestInit & { dispatcher?: unknown }; return fetch(url, rest); },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, HOST, resolve));
  return {
    issuer,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
