// What each scenario needs from a server before it is loaded: a signed-in browser session, tokens from
// the code flow (access tokens for userinfo and introspection, refresh tokens to rotate), obtained the way
// a relying party would. The bare library signs in through its development interactions.
import { TestBrowser } from '../test/helpers/browser.js';
import { signInThroughForms } from '../test/helpers/relying-party.js';
import { CALLBACK, SECRET, USER, type BenchServer } from './servers.js';

export interface Tokens {
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly id_token?: string;
}

export const basic = (clientId: string) => `Basic ${Buffer.from(`${clientId}:${SECRET}`).toString('base64')}`;
const stopAtCallback = { stopAt: (url: string) => url.startsWith(CALLBACK) };

export function authorizePath(server: BenchServer, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    client_id: server.webClient, response_type: 'code', redirect_uri: CALLBACK, scope: 'openid email profile', state: 'bench-state', ...params,
  });
  return `/auth?${query.toString()}`;
}

/** A browser with a session at the server. */
export async function signedInBrowser(server: BenchServer): Promise<TestBrowser> {
  const browser = new TestBrowser(stopAtCallback);
  const start = `${server.url}${authorizePath(server)}`;
  if (server.name === 'ours') {
    const outcome = await signInThroughForms(browser, start, { ...USER, remember: true });
    if (!outcome.stoppedAt) {
      throw new Error(`sign-in at ${server.name} did not finish: ${outcome.page.url} (${outcome.page.status})`);
    }
    return browser;
  }
  await passDevInteractions(browser, await browser.navigate(start));
  return browser;
}

/** The bare library's development pages: a login form (any name), then a consent form. */
async function passDevInteractions(browser: TestBrowser, first: Awaited<ReturnType<TestBrowser['navigate']>>): Promise<string> {
  let outcome = first;
  for (let step = 0; step < 3 && !outcome.stoppedAt; step += 1) {
    const login = outcome.page.document.querySelector('input[name="login"]');
    outcome = await browser.submit(outcome.page, 'form', login ? { login: 'bench', password: 'x' } : {});
  }
  if (!outcome.stoppedAt) {
    throw new Error(`the bare provider's interactions did not finish: ${outcome.page.url}`);
  }
  return outcome.stoppedAt;
}

/** A code flow in this signed-in browser; `offline` asks for a refresh token (offline_access with prompt=consent). */
export async function codeFlowTokens(server: BenchServer, browser: TestBrowser, offline: boolean): Promise<Tokens> {
  const params: Record<string, string> = offline ? { scope: 'openid email profile offline_access', prompt: 'consent' } : {};
  const first = await browser.navigate(`${server.url}${authorizePath(server, params)}`);
  const callback = first.stoppedAt ?? await passDevInteractions(browser, first);
  const code = new URL(callback).searchParams.get('code');
  if (!code) {
    throw new Error(`no code from ${server.name}: ${callback}`);
  }
  const response = await fetch(`${server.url}/token`, {
    method: 'POST',
    headers: { authorization: basic(server.webClient), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK }).toString(),
  });
  const tokens = (await response.json()) as Tokens;
  if (!response.ok || (offline && !tokens.refresh_token)) {
    throw new Error(`token endpoint of ${server.name} answered ${response.status}: ${JSON.stringify(tokens)}`);
  }
  return tokens;
}

export async function cookieHeader(browser: TestBrowser, server: BenchServer): Promise<string> {
  return browser.jar.getCookieString(server.url);
}
