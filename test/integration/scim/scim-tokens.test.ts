// SCIM tokens as an organization's administrators manage them: in the Admin Center (Provisioning) and
// through the Admin API, shown once, stored as a digest, listed with when each was last used, revoked at once.
import { sha256 } from '../../../src/core/random-token.js';
import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { api, createOrganization, openAdmin, serviceToken, type TestOrganization } from '../admin/admin-helpers.js';
import { scimClient } from './scim-helpers.js';

let app: TestApp;
let acme: TestOrganization;

beforeAll(async () => {
  app = await createTestApp();
  acme = await createOrganization(app, 'Acme', 'acme.test');
});
afterAll(() => app?.close());

interface Token { id: string; label: string; createdAt: string; lastUsedAt: string | null }

test('through the Admin API: made (the secret once), listed, used, revoked', async () => {
  const { token: apiToken } = await serviceToken(app, acme.context);
  const made = await api<{ token: Token; secret: string; baseUrl: string }>(app, apiToken, 'POST', '/scim-tokens', { label: 'Okta' });
  expect(made.status).toBe(201);
  expect(made.body.baseUrl).toBe(`${app.issuer}/scim/v2`);
  expect(made.body.secret).toMatch(/^scim_[A-Za-z0-9_-]{43}$/);
  // Only a digest is kept.
  const rows = await app.services.storage.database.sql.query<{ token_hash: string }>('SELECT token_hash FROM scim_tokens WHERE id = $1', [made.body.token.id]);
  expect(rows[0]!.token_hash).toBe(sha256(made.body.secret));

  const listed = await api<{ tokens: Token[] }>(app, apiToken, 'GET', '/scim-tokens');
  expect(listed.body.tokens).toEqual([expect.objectContaining({ id: made.body.token.id, label: 'Okta', lastUsedAt: null })]);
  expect(JSON.stringify(listed.body)).not.toContain(made.body.secret);

  const scim = scimClient(app, made.body.secret);
  expect((await scim('GET', '/Users')).status).toBe(200);
  expect((await api<{ tokens: Token[] }>(app, apiToken, 'GET', '/scim-tokens')).body.tokens[0]!.lastUsedAt).toEqual(expect.any(String));

  expect((await api(app, apiToken, 'DELETE', `/scim-tokens/${made.body.token.id}`)).status).toBe(204);
  expect((await scim('GET', '/Users')).status).toBe(401);
  expect((await api(app, apiToken, 'DELETE', `/scim-tokens/${made.body.token.id}`)).status).toBe(404);
  expect((await api(app, apiToken, 'DELETE', '/scim-tokens/not-an-id')).status).toBe(404);
  expect((await api(app, apiToken, 'POST', '/scim-tokens', { label: '' })).status).toBe(400);

  const events = await app.services.audit.list({ organizationId: acme.organization.id, category: 'scim' }, { offset: 0, limit: 10 });
  expect(events.events.map((event) => event.type).sort()).toEqual(['scim.token_created', 'scim.token_revoked']);
});

test('in the Admin Center: the base URL and set-up, a token shown once, revoked with a button', async () => {
  const browser = new TestBrowser();
  const page = await openAdmin(app, browser, acme.admin, '/admin/provisioning');
  expect(page.page.document.querySelector('h1')?.text).toBe('Provisioning');
  expect(page.page.document.querySelector('#scim-base-url')?.text).toBe(`${app.issuer}/scim/v2`);
  expect(page.page.body).toContain('Microsoft Entra ID');

  const made = await browser.submit(page.page, 'form[action="/admin/provisioning/tokens"]', { label: 'Entra ID' });
  expect(made.page.status).toBe(201);
  const secret = made.page.document.querySelector('#scim-token')!.text;
  expect((await scimClient(app, secret)('GET', '/ServiceProviderConfig')).status).toBe(200);
  const again = await browser.navigate(`${app.issuer}/admin/provisioning`);
  expect(again.page.body).not.toContain(secret);
  expect(again.page.document.querySelectorAll('#scim-tokens tbody tr').map((row) => row.querySelectorAll('td')[0]!.text)).toEqual(['Entra ID']);

  const revoked = await browser.submit(again.page, '#scim-tokens form');
  expect(revoked.page.document.querySelector('.notice')?.text).toContain('Token revoked');
  expect((await scimClient(app, secret)('GET', '/ServiceProviderConfig')).status).toBe(401);
});
