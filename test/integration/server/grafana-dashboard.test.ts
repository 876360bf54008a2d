// The Grafana dashboard in ops/grafana reads only what the server exports: every metric its queries name is
// in /metrics, with the labels they group and filter by, after the traffic its panels show.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../../../src/core/project-root.js';
import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { discover, registerClient, signIn, signInThroughForms, authorizationRequest } from '../../helpers/relying-party.js';

interface Dashboard { panels: { title: string; targets: { expr: string }[] }[] }

const dashboard = JSON.parse(readFileSync(join(projectRoot, 'ops', 'grafana', 'gotoassist-identity.json'), 'utf8')) as Dashboard;
/** Labels Prometheus adds when it scrapes, and the histogram's own. */
const ADDED_BY_PROMETHEUS = new Set(['instance', 'job', 'le']);
const user = { email: 'graf@example.com', password: 'panels for operators' };

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
  await app.services.accounts.create(user);
  const rp = await discover(app, await registerClient(app, { firstParty: true }));
  await signIn(rp, new TestBrowser(), user);
  await signInThroughForms(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), { ...user, password: 'not the password' });
});
afterAll(() => app.close());

/** Each metric family in the exposition, with the label names its samples carry. */
function families(text: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\w+) /.exec(line);
    if (type) {
      found.set(type[1]!, new Set());
      continue;
    }
    const sample = /^(\w+?)(?:_bucket|_count|_sum)?\{([^}]*)\}/.exec(line);
    const family = sample ? found.get(sample[1]!) : undefined;
    if (sample && family) {
      for (const [, label] of sample[2]!.matchAll(/(\w+)="/g)) {
        family.add(label!);
      }
    }
  }
  return found;
}

test('every query names metrics and labels that /metrics has', async () => {
  const exported = families(await (await fetch(`${app.server.managementUrl}/metrics`)).text());
  const queries = dashboard.panels.flatMap((panel) => panel.targets.map((target) => ({ panel: panel.title, expr: target.expr })));
  expect(queries.length).toBeGreaterThanOrEqual(10);
  const missing: string[] = [];
  for (const { panel, expr } of queries) {
    const metrics = [...expr.matchAll(/\b(idp_\w+?)(?:_bucket|_count|_sum)?\b(?=\{|\[|\))/g)].map((match) => match[1]!);
    expect(metrics.length).toBeGreaterThan(0);
    const labels = [
      ...[...expr.matchAll(/by \(([^)]*)\)/g)].flatMap((match) => match[1]!.split(',').map((label) => label.trim())),
      ...[...expr.matchAll(/[{,]\s*(\w+)\s*(?:=~|!=|!~|=)/g)].map((match) => match[1]!),
    ].filter((label) => !ADDED_BY_PROMETHEUS.has(label));
    for (const metric of metrics) {
      const family = exported.get(metric);
      if (!family) {
        missing.push(`${panel}: ${metric}`);
        continue;
      }
      // A family without samples yet (nothing throttled in this test) only proves its name.
      missing.push(...(family.size === 0 ? [] : labels.filter((label) => !family.has(label)).map((label) => `${panel}: ${metric}{${label}}`)));
    }
  }
  expect(missing).toEqual([]);
});
