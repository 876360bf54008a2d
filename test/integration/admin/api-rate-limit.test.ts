// The Admin API's quotas, as a client meets them: RateLimit headers counting down, 429 with Retry-After
// when a token's quota is spent (other tokens unaffected), an address's quota across all its tokens (and
// made-up ones), and a new window that starts again.
import type { TestApp } from '../../helpers/create-test-app.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { api, createOrganization, serviceToken, type TestOrganization } from './admin-helpers.js';

const PER_TOKEN = 5;
const PER_ADDRESS = 12;
const clock = new TestClock();
let app: TestApp;
let sink: SmtpSink;
let acme: TestOrganization;

beforeAll(async () => {
  ({ app, sink } = await createTestbed({ clock, env: { ADMIN_API_RATE_LIMIT: String(PER_TOKEN), ADMIN_API_RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS) } }));
  acme = await createOrganization(app, 'Acme', 'acme.test');
});
afterAll(() => closeTestbed({ app, sink }));

// Quotas count in minutes of the clock: each test starts at the beginning of a fresh one.
beforeEach(() => clock.advance(60_000 - (clock.now().getTime() % 60_000) + 100));

test("a token's quota counts down in the RateLimit header, then 429 with Retry-After; another token is not affected", async () => {
  const { token } = await serviceToken(app, acme.context);
  for (let call = 1; call <= PER_TOKEN; call += 1) {
    const response = await api(app, token, 'GET', '/users');
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-policy')).toBe(`"per-token";q=${PER_TOKEN};w=60`);
    expect(response.headers.get('ratelimit')).toMatch(new RegExp(`^"per-token";r=${PER_TOKEN - call};t=(59|60)$`));
  }
  const refused = await api(app, token, 'GET', '/users');
  expect(refused.status).toBe(429);
  expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(refused.problem).toMatchObject({ type: 'urn:gotoassist:admin-api:problem:rate_limited', status: 429 });
  expect(refused.problem.detail).toContain('with this access token');
  expect(refused.headers.get('ratelimit')).toMatch(/^"per-token";r=0;t=(59|60)$/);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);

  const { token: other } = await serviceToken(app, acme.context);
  expect((await api(app, other, 'GET', '/users')).status).toBe(200);

  clock.advance(60_000);
  const again = await api(app, token, 'GET', '/users');
  expect(again.status).toBe(200);
  expect(again.headers.get('ratelimit')).toMatch(new RegExp(`^"per-token";r=${PER_TOKEN - 1};`));
});

test("an address's quota covers all its tokens and made-up ones; X-Forwarded-For does not escape it", async () => {
  for (let call = 1; call <= PER_ADDRESS; call += 1) {
    const response = await api(app, `made-up-token-number-${call}`, 'GET', '/users', undefined, { 'x-forwarded-for': `203.0.113.${call}` });
    expect(response.status).toBe(401);
  }
  const { token } = await serviceToken(app, acme.context);
  const refused = await api(app, token, 'GET', '/users');
  expect(refused.status).toBe(429);
  expect(refused.problem.detail).toContain('from this address');
  expect(refused.headers.get('ratelimit-policy')).toBe(`"per-address";q=${PER_ADDRESS};w=60`);
  expect(refused.headers.get('ratelimit')).toMatch(/^"per-address";r=0;t=\d+$/);
  expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  // Without a token too: the address has spent its minute.
  const none = await api(app, undefined, 'GET', '/users');
  expect(none.status).toBe(429);

  clock.advance(60_000);
  expect((await api(app, token, 'GET', '/users')).status).toBe(200);
});
