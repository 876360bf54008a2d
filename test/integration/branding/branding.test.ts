// An organization's look on the sign-in pages: set at the command line (its logo, a colour readable on
// white, its display name), shown once the email's domain is known (the password page, the company
// sign-in page in between), and served safely (the logo with the type its bytes have, nothing sniffed or
// run). Another organization's users, and everyone before the email, see the product's own look.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type * as oidc from 'openid-client';

import type { Organization } from '../../../src/organizations/organization.js';
import { TestBrowser } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { inProcessCli } from '../../helpers/in-process-cli.js';
import { authorizationRequest, CALLBACK, discover, toCallback } from '../../helpers/relying-party.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { api, createOrganization, openAdmin, serviceToken } from '../admin/admin-helpers.js';

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
let acme: Organization;
const scratch = mkdtempSync(join(tmpdir(), 'branding-test-'));

const cli = inProcessCli(() => app);

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed());
  acme = await app.services.organizations.create('Acme Corp', ['acme-brand.test']);
  await app.services.organizations.create('Plain Corp', ['plain-brand.test']);
  await app.services.accounts.create({ email: 'ann@acme-brand.test', password: 'a password for ann' });
});
afterAll(async () => {
  await closeTestbed({ app, sink });
  rmSync(scratch, { recursive: true, force: true });
});

/** The password page of a sign-in with this email. */
async function passwordPage(email: string, client = rp) {
  const browser = new TestBrowser();
  const first = await browser.navigate((await authorizationRequest(client)).url.toString(), { stopAt: toCallback });
  const second = await browser.submit(first.page, 'form[action$="/login/identifier"]', { email }, { stopAt: toCallback });
  return { first: first.page, second: second.page };
}

test('a colour that is not readable on white, an SVG, or a file that is not there is refused with the reason; nothing changes', async () => {
  const pale = await cli(['org:branding', '--org', acme.id, '--color', '#ffcc00']);
  expect(pale.code).toBe(1);
  expect(pale.err).toMatch(/#ffcc00 has a contrast of 1\.\d\d:1 against white; WCAG AA needs 4\.5:1/);
  const svg = join(scratch, 'logo.svg');
  writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  expect((await cli(['org:branding', '--org', acme.id, '--logo', svg])).err).toContain('SVG is not taken');
  expect((await cli(['org:branding', '--org', acme.id, '--logo', join(scratch, 'missing.png')])).err).toContain('cannot be read (ENOENT)');
  expect((await cli(['org:branding', '--org', acme.id])).code).toBe(2);
  expect((await app.services.organizations.get(acme.id)).branding).toEqual({ displayName: null, color: null, logo: null });
});

test('set at the command line, the look shows once the email is known, and its parts are served safely', async () => {
  const logo = join(scratch, 'logo.png');
  writeFileSync(logo, PNG);
  const set = await cli(['org:branding', '--org', acme.id, '--logo', logo, '--color', '#0B5FFF', '--display-name', 'Acme']);
  expect(set.err).toBe('');
  expect(set.out).toMatch(/^Acme Corp: shown as Acme, colour #0b5fff, logo image\/png [0-9a-f]{12}$/);

  const { first, second } = await passwordPage('ann@acme-brand.test');
  // Before the email, whose look it is cannot be known.
  expect(first.document.querySelector('#brand-name')).toBeNull();
  expect(second.document.querySelector('#brand-name')?.text).toBe('Acme');
  const logoUrl = second.document.querySelector('img.brand-logo')!.getAttribute('src')!;
  const themeUrl = second.document.querySelectorAll('link[rel="stylesheet"]').map((link) => link.getAttribute('href')!).find((href) => href.startsWith('/branding/'))!;
  expect(logoUrl).toMatch(new RegExp(`^/branding/${acme.id}/logo\\?v=[0-9a-f]{16}$`));

  const served = await fetch(`${app.issuer}${logoUrl}`);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('image/png');
  expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  expect(served.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(served.headers.get('cache-control')).toContain('immutable');
  expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  const theme = await fetch(`${app.issuer}${themeUrl}`);
  expect(theme.headers.get('content-type')).toMatch(/^text\/css/);
  expect(await theme.text()).toContain('--accent: #0b5fff;');

  // Another organization's user: the product's look.
  const plain = await passwordPage('bob@plain-brand.test');
  expect(plain.second.document.querySelector('#brand-name')).toBeNull();
  expect(plain.second.document.querySelector('header.brand')?.text).toContain('GoToAssist');
  expect((await fetch(`${app.issuer}/branding/${acme.id}-nope/logo`)).status).toBe(404);
  expect((await fetch(`${app.issuer}/branding/not-an-id/theme.css`)).status).toBe(404);
});

test('--clear gives the organization the product\'s look again', async () => {
  const cleared = await cli(['org:branding', '--org', acme.id, '--clear']);
  expect(cleared.out).toBe('Acme Corp: shown as Acme Corp, colour the default, logo the default');
  expect((await passwordPage('ann@acme-brand.test')).second.document.querySelector('#brand-name')).toBeNull();
  expect((await fetch(`${app.issuer}/branding/${acme.id}/logo`)).status).toBe(404);
});

test('an application of the organization shows its look from the first page, for any email', async () => {
  await cli(['org:branding', '--org', acme.id, '--color', '#1d4d2b', '--display-name', 'Acme Portal']);
  await app.services.clients.create({ clientId: 'acme-portal', redirectUris: [CALLBACK], organizationId: acme.id, firstParty: true });
  const portal = await discover(app, { clientId: 'acme-portal', secret: undefined, redirectUri: CALLBACK });
  const { first, second } = await passwordPage('bob@plain-brand.test', portal);
  expect(first.document.querySelector('#brand-name')?.text).toBe('Acme Portal');
  expect(second.document.querySelector('#brand-name')?.text).toBe('Acme Portal');
  await cli(['org:branding', '--org', acme.id, '--clear']);
});

test('an administrator sets the display name and colour in the Admin API and the Admin Center; a pale colour is refused with its ratio', async () => {
  const globex = await createOrganization(app, 'Globex', 'globex-brand.test');
  const { token } = await serviceToken(app, globex.context);
  const pale = await api(app, token, 'PATCH', '/branding', { color: '#aaaaaa' });
  expect(pale.status).toBe(400);
  expect(pale.problem.detail).toMatch(/contrast of 2\.\d\d:1 against white; WCAG AA needs 4\.5:1/);
  const set = await api<{ displayName: string; color: string; logoUrl: null }>(app, token, 'PATCH', '/branding', { color: '#5A2D82', displayName: 'Globex Group' });
  expect(set.body).toEqual({ displayName: 'Globex Group', color: '#5a2d82', logoUrl: null });
  expect((await api<{ branding: unknown }>(app, token, 'GET', '/settings')).body.branding).toEqual(set.body);

  const browser = new TestBrowser();
  const settings = await openAdmin(app, browser, globex.admin, '/admin/settings');
  expect(settings.page.document.querySelector('#brand-color')?.getAttribute('value')).toBe('#5a2d82');
  const refused = await browser.submit(settings.page, 'form[action="/admin/settings/branding"]', { color: '#ffff00' });
  expect(refused.page.status).toBe(400);
  expect(refused.page.document.querySelector('#branding-error')?.text).toMatch(/#ffff00 has a contrast of 1\.\d\d:1/);
  const cleared = await browser.submit(refused.page, 'form[action="/admin/settings/branding"]', { color: '', displayName: '' });
  expect(cleared.page.url).toMatch(/done=branding-saved/);
  expect((await app.services.organizations.get(globex.organization.id)).branding).toEqual({ displayName: null, color: null, logo: null });
  const events = await app.services.storage.database.sql.query<{ details: Record<string, unknown> }>(
    "SELECT details FROM audit_events WHERE organization_id = $1 AND type = 'organization.settings_changed' ORDER BY occurred_at",
    [globex.organization.id]);
  expect(events.map((event) => event.details['branding'])).toEqual([
    { displayName: 'Globex Group', color: '#5a2d82' }, { displayName: null, color: null },
  ]);
});
