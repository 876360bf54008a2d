// Reading the operators' /metrics (management port) in tests: the sum of a metric's samples, and the
// state-store operations and database statements a request causes. Round trips are stable, unlike
// timings, so tests pin them: a change that adds a read to a hot path shows up there.
import type { TestApp } from './create-test-app.js';

type WithMetrics = Pick<TestApp, 'server' | 'services'>;

export async function metricsText(app: WithMetrics): Promise<string> {
  const response = await fetch(`${app.server.managementUrl}/metrics`);
  if (response.status !== 200) {
    throw new Error(`/metrics answered ${response.status}`);
  }
  return response.text();
}

/** The sum of a metric's samples whose labels include all of `labels`. */
export function sumOf(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`).exec(line);
    if (!match) {
      continue;
    }
    const present = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) {
      total += Number(match[2]);
    }
  }
  return total;
}

export interface RoundTrips {
  readonly store: number;
  readonly database: number;
}

/** State-store operations and database statements that `run` caused, per call, over `times` calls. */
export async function roundTrips(app: WithMetrics, times: number, run: () => Promise<unknown>): Promise<RoundTrips> {
  const count = (text: string) => ({
    store: sumOf(text, 'idp_store_operation_duration_seconds_count', { store: app.services.storage.store.kind }),
    database: sumOf(text, 'idp_store_commands_total', { store: 'database' }),
  });
  const before = count(await metricsText(app));
  for (let index = 0; index < times; index += 1) {
    await run();
  }
  const after = count(await metricsText(app));
  return { store: (after.store - before.store) / times, database: (after.database - before.database) / times };
}
