// Storage round trips per request, read from this server's /metrics before and after a few requests of
// one kind sent one at a time: numbers that machine noise does not move.
import { TestBrowser } from '../test/helpers/browser.js';
import { signInThroughForms } from '../test/helpers/relying-party.js';
import type { Scenario } from './load-spec.js';

export interface RoundTrips {
  readonly redisCommands: number;
  readonly sqlStatements: number;
  /** Redis commands by name, per request. */
  readonly byCommand: Readonly<Record<string, number>>;
}

interface Sample {
  readonly redis: Map<string, number>;
  readonly sql: number;
}

async function sample(managementUrl: string): Promise<Sample> {
  const text = await (await fetch(`${managementUrl}/metrics`)).text();
  const redis = new Map<string, number>();
  let sql = 0;
  for (const line of text.split('\n')) {
    const command = /^idp_redis_commands_total\{command="([^"]+)"\} (\d+)/.exec(line);
    if (command) {
      redis.set(command[1]!, Number(command[2]));
    }
    const statements = /^idp_store_commands_total\{store="(database|sql)",operation="[^"]+"\} (\d+)/.exec(line);
    if (statements) {
      sql += Number(statements[2]);
    }
  }
  return { redis, sql };
}

/** One operation of a scenario, as the load generator sends it; returns the state for the next (a refresh token). */
async function once(url: string, scenario: Scenario, carried: string | undefined): Promise<string | undefined> {
  const send = async (path: string, init: RequestInit, expected: (status: number) => boolean) => {
    const response = await fetch(`${url}${path}`, { ...init, redirect: 'manual' });
    if (!expected(response.status)) {
      throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    }
    return response;
  };
  switch (scenario.kind) {
    case 'static':
      await (await send(scenario.path, { method: scenario.method, headers: scenario.headers, body: scenario.body ?? null },
        (status) => status === scenario.expect)).arrayBuffer();
      return undefined;
    case 'refresh': {
      const response = await send(scenario.path, {
        method: 'POST', headers: scenario.headers, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(carried!)}`,
      }, (status) => status === 200);
      return ((await response.json()) as { refresh_token: string }).refresh_token;
    }
    case 'code': {
      const authorize = await send(scenario.authorizePath, { headers: { cookie: scenario.cookie } }, (status) => status >= 300 && status < 400);
      const code = new URL(authorize.headers.get('location')!, url).searchParams.get('code')!;
      await (await send(scenario.tokenPath, {
        method: 'POST', headers: scenario.headers,
        body: `grant_type=authorization_code&code=${encodeURIComponent(code)}&redirect_uri=${encodeURIComponent(scenario.redirectUri)}`,
      }, (status) => status === 200)).arrayBuffer();
      return undefined;
    }
    case 'signin': {
      const outcome = await signInThroughForms(new TestBrowser({ stopAt: (next) => next.startsWith(scenario.redirectUri) }),
        `${url}/auth?${new URLSearchParams({ client_id: scenario.clientId, response_type: 'code', redirect_uri: scenario.redirectUri, scope: 'openid email profile' })}`,
        { email: scenario.email, password: scenario.password });
      const code = outcome.stoppedAt ? new URL(outcome.stoppedAt).searchParams.get('code') : null;
      if (!code) {
        throw new Error(`sign-in stopped at ${outcome.page.url} (${outcome.page.status})`);
      }
      await (await send('/token', {
        method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${scenario.clientId}:${scenario.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=authorization_code&code=${encodeURIComponent(code)}&redirect_uri=${encodeURIComponent(scenario.redirectUri)}`,
      }, (status) => status === 200)).arrayBuffer();
      return undefined;
    }
  }
}

export async function countRoundTrips(url: string, managementUrl: string, scenario: Scenario, requests = 50): Promise<RoundTrips> {
  let carried = scenario.kind === 'refresh' ? scenario.refreshTokens[0] : undefined;
  // One first, so that caches (clients, keys) are warm as they are under load.
  carried = await once(url, scenario, carried);
  const before = await sample(managementUrl);
  for (let i = 0; i < requests; i += 1) {
    carried = await once(url, scenario, carried);
  }
  const after = await sample(managementUrl);
  const byCommand: Record<string, number> = {};
  let redisCommands = 0;
  for (const [command, count] of after.redis) {
    const delta = (count - (before.redis.get(command) ?? 0)) / requests;
    if (delta > 0) {
      byCommand[command] = Number(delta.toFixed(2));
      redisCommands += delta;
    }
  }
  return { redisCommands: Number(redisCommands.toFixed(2)), sqlStatements: Number(((after.sql - before.sql) / requests).toFixed(2)), byCommand };
}
