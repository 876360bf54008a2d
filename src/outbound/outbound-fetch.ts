// The one HTTP client for requests whose URL came from outside the operator's hands (a company's issuer,
// the endpoints and keys its discovery names, a registered client's jwks_uri): fetch-shaped, so
// openid-client and oidc-provider take it as it is. http(s) only; each name is resolved once and the
// connection goes to the very addresses that were checked (no DNS rebinding between check and use);
// redirects are followed by hand, each hop checked again; connect and total timeouts; the body capped.
import { lookup as systemLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

import { Agent, request } from 'undici';

import type { AddressRules } from './address-rules.js';
import { OutboundError } from './outbound-error.js';

export type OutboundFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export type Resolve = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface OutboundOptions {
  /** Undefined: any address (what the operator configured). Otherwise what a tenant's URL may reach. */
  readonly guard: { readonly rules: AddressRules; readonly allowedHosts: readonly string[] } | undefined;
  readonly timeoutMs: number;
  readonly maxResponseBytes?: number;
  readonly maxRedirects?: number;
  /** Tests name their own resolver; the system's otherwise. */
  readonly resolve?: Resolve;
}

const systemResolve: Resolve = (hostname) => new Promise((resolve, reject) => {
  systemLookup(hostname, { all: true, order: 'verbatim' }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
});

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NO_BODY = new Set([101, 204, 205, 304]);

export function createOutboundFetch(options: OutboundOptions): OutboundFetch {
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 3;
  const resolve = options.resolve ?? systemResolve;
  const guard = options.guard;
  const hostAllowed = (hostname: string) => guard === undefined || guard.allowedHosts.includes(hostname.toLowerCase());

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname).then((addresses) => {
      const refused = hostAllowed(hostname) ? [] : addresses.filter((entry) => !guard!.rules.allows(entry.address));
      if (addresses.length === 0 || refused.length > 0) {
        callback(new OutboundError('refused_address', `${hostname} resolves to ${refused.map((entry) => entry.address).join(', ') || 'nothing'}, which is not a public address`), '', 4);
      } else if (lookupOptions.all) {
        (callback as unknown as (error: null, addresses: readonly LookupAddress[]) => void)(null, addresses);
      } else {
        callback(null, addresses[0]!.address, addresses[0]!.family);
      }
    }, (error: Error) => callback(error as NodeJS.ErrnoException, '', 4));
  };
  const agent = new Agent({
    connect: { timeout: options.timeoutMs, lookup },
    headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 4000,
  });

  const checkUrl = (url: URL) => {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new OutboundError('bad_url', `${url.protocol} is not http(s)`);
    }
    // The resolver is not asked for literal addresses, so they are checked here (the URL parser has already
    // turned 127.1, 0x7f.1 or 2130706433 into 127.0.0.1).
    const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(literal) !== 0 && !hostAllowed(literal) && !guard!.rules.allows(literal)) {
      throw new OutboundError('refused_address', `${literal} is not a public address`);
    }
  };

  return async (input, init = {}) => {
    const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(options.timeoutMs)]) : AbortSignal.timeout(options.timeoutMs);
    let url = URL.parse(input instanceof Request ? input.url : input.toString());
    if (!url) {
      throw new OutboundError('bad_url', 'not a URL');
    }
    let method = (init.method ?? 'GET').toUpperCase();
    let body = await bodyOf(init.body);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    for (let hop = 0; ; hop++) {
      checkUrl(url);
      const answer = await send(agent, url, { method, headers, body, signal });
      const location = answer.headers.get('location');
      if (!REDIRECTS.has(answer.status) || location === null || init.redirect === 'manual') {
        return answer;
      }
      if (init.redirect === 'error') {
        throw new OutboundError('too_many_redirects', `${url.origin} redirected, and this request takes no redirect`);
      }
      if (hop >= maxRedirects) {
        throw new OutboundError('too_many_redirects', `more than ${maxRedirects} redirects`);
      }
      const next = URL.parse(location, url.toString());
      if (!next) {
        throw new OutboundError('bad_url', 'a redirect to something that is not a URL');
      }
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      if (next.origin !== url.origin) {
        delete headers['authorization'];
        delete headers['cookie'];
      }
      url = next;
    }
  };

  async function send(dispatcher: Agent, url: URL, what: { method: string; headers: Record<string, string>; body: string | Buffer | undefined; signal: AbortSignal }) {
    let answer: Awaited<ReturnType<typeof request>>;
    try {
      answer = await request(url, { dispatcher, method: what.method as 'GET', headers: what.headers, body: what.body ?? null, signal: what.signal });
    } catch (error) {
      throw failure(error, url);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of answer.body) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          answer.body.destroy();
          throw new OutboundError('too_large', `${url.origin} sent more than ${maxBytes} bytes`);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      throw failure(error, url);
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
        headers.append(name, item);
      }
    }
    return new Response(NO_BODY.has(answer.statusCode) ? null : Buffer.concat(chunks), { status: answer.statusCode, headers });
  }
}

function failure(error: unknown, url: URL): OutboundError {
  if (error instanceof OutboundError) {
    return error;
  }
  // Undici hands the lookup's refusal back wrapped, or as it is.
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof OutboundError) {
    return cause;
  }
  const { name, code } = error as { name?: string; code?: string };
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new OutboundError('timeout', `${url.origin} did not answer in time`, { cause: error });
  }
  return new OutboundError('unreachable', `${url.origin}: ${code ?? (error as Error).message}`, { cause: error });
}

async function bodyOf(body: RequestInit['body']): Promise<string | Buffer | undefined> {
  if (body === undefined || body === null) {
    return undefined;
  }
  if (typeof body === 'string') {
    return body;
  }
  if (body instanceof URLSearchParams) {
    return body.toString();
  }
  return Buffer.from(await new Response(body).arrayBuffer());
}
