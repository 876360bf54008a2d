// Who may hold a domain: an unproven claim holds it for seven days, then another organization may claim it;
// a proven claim holds for good; a domain the operator gives an organization (proven at once) wins over
// unproven claims.
import type { z } from 'zod';

import type { settingsOut } from '../../../src/admin/admin-schemas.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { startDnsStandIn, type DnsStandIn } from '../../helpers/dns-standin.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { api, createOrganization, serviceToken, type TestOrganization } from './admin-helpers.js';

type Settings = z.infer<typeof settingsOut>;

const DAY = 24 * 3600 * 1000;
const clock = new TestClock();
let app: TestApp;
let sink: SmtpSink;
let dns: DnsStandIn;
let acme: TestOrganization;
let globex: TestOrganization;

beforeAll(async () => {
  dns = await startDnsStandIn();
  ({ app, sink } = await createTestbed({ clock, env: { DNS_SERVERS: dns.server } }));
  acme = await createOrganization(app, 'Acme', 'acme.test');
  globex = await createOrganization(app, 'Globex', 'globex.test');
});
afterAll(async () => {
  await closeTestbed({ app, sink });
  await dns?.close();
});

// Tokens are asked for at each step: the clock moves by days.
const as = async (who: TestOrganization) => (await serviceToken(app, who.context)).token;
const domainsOf = async (who: TestOrganization) =>
  (await api<Settings>(app, await as(who), 'GET', '/settings')).body.domains.map((domain) => domain.domain);

test('an unproven claim lapses after seven days; once proven, a claim holds', async () => {
  const claimed = await api(app, await as(globex), 'POST', '/domains', { domain: 'contested.test' });
  expect(claimed.status).toBe(201);
  const lapses = new Date(clock.now().getTime() + 7 * DAY).toISOString().slice(0, 10);

  clock.advance(6 * DAY);
  const early = await api(app, await as(acme), 'POST', '/domains', { domain: 'contested.test' });
  expect(early.status).toBe(409);
  expect(early.problem.type).toBe('urn:gotoassist:admin-api:problem:domain_taken');
  expect(early.problem.detail).toContain('has not proven it');
  expect(early.problem.detail).toContain(lapses);
  expect(await domainsOf(globex)).toContain('contested.test');

  clock.advance(DAY + 60_000);
  const taken = await api<{ txtRecord: { name: string; value: string } }>(app, await as(acme), 'POST', '/domains', { domain: 'contested.test' });
  expect(taken.status).toBe(201);
  expect(await domainsOf(globex)).not.toContain('contested.test');
  dns.txt.set(taken.body.txtRecord.name, [taken.body.txtRecord.value]);
  expect((await api(app, await as(acme), 'POST', '/domains/contested.test/verify')).status).toBe(200);

  clock.advance(30 * DAY);
  const late = await api(app, await as(globex), 'POST', '/domains', { domain: 'contested.test' });
  expect(late.status).toBe(409);
  expect(late.problem.detail).not.toContain('has not proven it');
  expect((await app.services.organizations.forEmail('someone@contested.test'))?.organization.id).toBe(acme.organization.id);
});

test("an organization's own unproven claim does not lapse for itself: claiming it again is refused", async () => {
  expect((await api(app, await as(globex), 'POST', '/domains', { domain: 'mine.test' })).status).toBe(201);
  clock.advance(8 * DAY);
  const again = await api(app, await as(globex), 'POST', '/domains', { domain: 'mine.test' });
  expect(again.status).toBe(409);
  expect(await domainsOf(globex)).toContain('mine.test');
});

test("a domain the operator gives an organization wins over another's unproven claim at once", async () => {
  expect((await api(app, await as(globex), 'POST', '/domains', { domain: 'squatted.test' })).status).toBe(201);
  const owner = await app.services.organizations.create('Squatted Inc', ['squatted.test']);
  expect((await app.services.organizations.forEmail('someone@squatted.test'))?.organization.id).toBe(owner.id);
  expect(await domainsOf(globex)).not.toContain('squatted.test');
  await expect(app.services.organizations.create('Latecomer', ['squatted.test'])).rejects.toMatchObject({ code: 'domain_taken' });
});
