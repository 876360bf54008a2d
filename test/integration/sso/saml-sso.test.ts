// Enterprise single sign-on with SAML 2.0, against a real and independent identity provider (SimpleSAMLphp
// on its own loopback address): the connection set from its metadata at the command line, home-realm
// discovery, the company's sign-in page, the signed response posted back, just-in-time membership, the ID
// token; and every response we must refuse (altered, unsigned, signed by another key, replayed,
// unsolicited), each with a clear page, no sign-in, and an audit event.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SAML } from '@node-saml/node-saml';
import type * as oidc from 'openid-client';
import type { z } from 'zod';

import type { samlConnectionOut } from '../../../src/admin/admin-schemas.js';

import { serviceProvider } from '../../../src/federation/saml/service-provider.js';
import type { Organization, SamlConnection } from '../../../src/organizations/organization.js';
import { ACR } from '../../../src/provider/acr.js';
import { TestBrowser, type Outcome } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { inProcessCli } from '../../helpers/in-process-cli.js';
import { authorizationRequest, CALLBACK, discover, registerClient, toCallback, type AuthorizationRequest } from '../../helpers/relying-party.js';
import { makeCertificate, startSamlIdp, type SamlIdp } from '../../helpers/saml-idp.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { until } from '../../helpers/until.js';
import { api, createOrganization, openAdmin, serviceToken, type TestOrganization } from '../admin/admin-helpers.js';
import { exchange } from '../mfa/mfa-helpers.js';
import { toCompany } from './sso-helpers.js';

let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
let idp: SamlIdp;
let acme: Organization;
const scratch = mkdtempSync(join(tmpdir(), 'saml-test-'));

const cli = inProcessCli(() => app);

beforeAll(async () => {
  // A second of clock skew: the test of an expired assertion need not wait two minutes.
  ({ app, sink, rp } = await createTestbed({ env: { SAML_CLOCK_SKEW: '1' } }));
  idp = await startSamlIdp({
    users: [
      { username: 'alice', password: 'alice-password', attributes: { uid: ['alice'], email: ['alice@acme.test'], displayName: ['Alice Doe'] } },
      { username: 'gina', password: 'gina-password', attributes: { mail: ['Gina@ACME.test'], givenName: ['Gina'], sn: ['Smith'] } },
      { username: 'mallory', password: 'mallory-password', attributes: { email: ['victim@elsewhere.test'], displayName: ['Mallory'] } },
      // Her address at the IdP ends like an acme.test one: the comment-injection attack's raw material.
      { username: 'eve', password: 'eve-password', attributes: { email: ['ceo@acme.test.evil.test'], displayName: ['Eve'] } },
    ],
  });
  const sp = serviceProvider(app.issuer);
  idp.trust({ entityId: sp.entityId, acsUrl: sp.acsUrl });
  acme = await app.services.organizations.create('Acme Corp', ['acme.test']);
});
afterAll(async () => {
  await idp?.close();
  await closeTestbed({ app, sink });
  rmSync(scratch, { recursive: true, force: true });
});

/** Email on page 1, Continue, then the identity provider's own sign-in page: back comes its auto-submitting form. */
async function toResponseForm(username: string, password: string, email: string, browser = new TestBrowser()) {
  const request = await authorizationRequest(rp);
  const atIdp = await toCompany(browser, request.url.toString(), email);
  expect(atIdp.page.url.startsWith(idp.baseUrl)).toBe(true);
  const answered = await browser.submit(atIdp.page, 'form:has(input[name="password"])', { username, password }, { stopAt: toCallback });
  const form = answered.page.document.querySelector('form:has(input[name="SAMLResponse"])');
  if (!form) {
    throw new Error(`no SAML response form:\n${answered.page.body}`);
  }
  return { request, browser, page: answered.page, samlResponse: form.querySelector('input[name="SAMLResponse"]')!.getAttribute('value')! };
}

/** Posts the identity provider's form, as its page does (from its origin), with this response in it. */
function postResponse(browser: TestBrowser, page: Outcome['page'], samlResponse?: string): Promise<Outcome> {
  return browser.submit(page, 'form:has(input[name="SAMLResponse"])', samlResponse === undefined ? {} : { SAMLResponse: samlResponse }, { stopAt: toCallback });
}

const tokensOf = async (request: AuthorizationRequest, callback: string | undefined) => {
  if (!callback) {
    throw new Error('the sign-in did not come back to the client');
  }
  return exchange(rp, callback, request);
};

const failuresSince = async (since: Date) => (await app.services.storage.database.sql.query<{ reason: string }>(
  "SELECT reason FROM audit_events WHERE type = 'sign_in.failed' AND organization_id = $1 AND occurred_at >= $2 ORDER BY occurred_at",
  [acme.id, since])).map((row) => row.reason);

const xmlOf = (samlResponse: string) => Buffer.from(samlResponse, 'base64').toString('utf8');
const encoded = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

test('the CLI sets the connection from the identity provider\'s metadata URL and prints our metadata URL on a line of its own', async () => {
  const result = await cli(['org:connection', '--org', acme.id, '--saml-metadata', idp.metadataUrl]);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(result.lines).toContain(`${app.issuer}/saml/metadata`);
  const connection = await app.services.organizations.connectionOf(acme.id) as SamlConnection;
  expect(connection).toMatchObject({ protocol: 'saml', issuer: idp.entityId, ssoUrl: idp.ssoUrl, certificates: [idp.certificate], metadataUrl: idp.metadataUrl });
});

test('metadata that is not an identity provider\'s is refused with the reason, and nothing changes', async () => {
  const file = join(scratch, 'not-metadata.xml');
  writeFileSync(file, '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:SPSSODescriptor/></md:EntityDescriptor>');
  const refused = await cli(['org:connection', '--org', acme.id, '--saml-metadata', file]);
  expect(refused.code).toBe(1);
  expect(refused.err).toMatch(/no identity provider/);
  writeFileSync(file, '<not xml');
  expect((await cli(['org:connection', '--org', acme.id, '--saml-metadata', file])).err).toMatch(/not well-formed XML/);
  expect((await cli(['org:connection', '--org', acme.id, '--saml-metadata', join(scratch, 'missing.xml')])).err).toMatch(/cannot be read/);
  expect((await app.services.organizations.connectionOf(acme.id))?.issuer).toBe(idp.entityId);
});

test('our service provider metadata names our entity ID and the Assertion Consumer Service (HTTP-POST)', async () => {
  const response = await fetch(`${app.issuer}/saml/metadata`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/samlmetadata\+xml/);
  const xml = await response.text();
  expect(xml).toContain(`entityID="${app.issuer}/saml/metadata"`);
  expect(xml).toMatch(new RegExp(`AssertionConsumerService[^>]+Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"[^>]+Location="${app.issuer}/saml/acs"`));
});

test('email, Next, Continue, the company\'s SAML sign-in, back: a new member just in time, and the ID token says fed', async () => {
  const { request, browser, page } = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
  const back = await postResponse(browser, page);
  const tokens = await tokensOf(request, back.stoppedAt);
  expect(tokens.claims()).toMatchObject({ email: 'alice@acme.test', name: 'Alice Doe', amr: ['fed'], acr: ACR.singleFactor });
  const account = await app.services.accountRepository.findByEmail('alice@acme.test');
  expect(tokens.claims()!.sub).toBe(account!.id);
  expect((await app.services.organizations.membershipOf(account!.id))?.organizationId).toBe(acme.id);
  // The NameID is transient (a new one each time): the link is by the email, so the next sign-in finds the same account.
  const again = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
  expect((await tokensOf(again.request, (await postResponse(again.browser, again.page)).stoppedAt)).claims()!.sub).toBe(account!.id);
});

test('the email and name come from other usual attributes too (mail; givenName + sn)', async () => {
  const { request, browser, page } = await toResponseForm('gina', 'gina-password', 'gina@acme.test');
  const tokens = await tokensOf(request, (await postResponse(browser, page)).stoppedAt);
  expect(tokens.claims()).toMatchObject({ email: 'gina@acme.test', name: 'Gina Smith' });
});

test('an email outside the organization\'s domains signs nobody in', async () => {
  const victim = await app.services.accounts.create({ email: 'victim@elsewhere.test', password: 'victim password here' });
  const { browser, page } = await toResponseForm('mallory', 'mallory-password', 'mallory@acme.test');
  const back = await postResponse(browser, page);
  expect(back.stoppedAt).toBeUndefined();
  expect(back.page.status).toBe(400);
  expect(back.page.body).toContain('not in a domain of your organization');
  expect(await app.services.identities.listForAccount(victim.id)).toEqual([]);
});

test('a response altered after signing, or with its signatures taken off, is refused', async () => {
  const since = new Date();
  const altered = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
  const xml = xmlOf(altered.samlResponse);
  expect(xml).toContain('alice@acme.test');
  const tampered = await postResponse(altered.browser, altered.page, encoded(xml.replaceAll('alice@acme.test', 'boss@acme.test')));
  expect(tampered.stoppedAt).toBeUndefined();
  expect(tampered.page.status).toBe(400);
  expect(tampered.page.body).toContain('not signed by a certificate this connection trusts');
  expect(await app.services.accountRepository.findByEmail('boss@acme.test')).toBeUndefined();

  const unsigned = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
  const stripped = xmlOf(unsigned.samlResponse).replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '');
  expect(stripped).not.toContain('Signature');
  const refused = await postResponse(unsigned.browser, unsigned.page, encoded(stripped));
  expect(refused.page.status).toBe(400);
  expect(refused.page.body).toContain('not signed by a certificate this connection trusts');
  expect(await failuresSince(since)).toEqual(['sso_saml_signature', 'sso_saml_signature']);
});

test('a comment put into a signed value does not cut it short (the comment-injection attack)', async () => {
  const { browser, page, samlResponse } = await toResponseForm('eve', 'eve-password', 'eve@acme.test');
  // Comments are not signed (exclusive c14n without comments): a reader that stops at the comment would see ceo@acme.test.
  const injected = xmlOf(samlResponse).replaceAll('ceo@acme.test.evil.test', 'ceo@acme.test<!---->.evil.test');
  const back = await postResponse(browser, page, encoded(injected));
  expect(back.stoppedAt).toBeUndefined();
  expect(back.page.status).toBe(400);
  // The whole value was read, ceo@acme.test.evil.test, which is in no domain of the organization.
  expect(back.page.body).toContain('not in a domain of your organization');
  expect(await app.services.accountRepository.findByEmail('ceo@acme.test')).toBeUndefined();
});

test('an unsigned assertion added next to the signed one is refused (signature wrapping)', async () => {
  const since = new Date();
  for (const forgedFirst of [true, false]) {
    const { browser, page, samlResponse } = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
    const xml = xmlOf(samlResponse);
    const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
    const forged = assertion.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '').replaceAll('alice@acme.test', 'boss@acme.test')
      .replace(/ID="[^"]+"/, 'ID="_forged"');
    const back = await postResponse(browser, page, encoded(xml.replace(assertion, forgedFirst ? `${forged}${assertion}` : `${assertion}${forged}`)));
    expect(back.stoppedAt).toBeUndefined();
    expect(back.page.status).toBe(400);
  }
  expect(await failuresSince(since)).toEqual(['sso_saml_signature', 'sso_saml_signature']);
  expect(await app.services.accountRepository.findByEmail('boss@acme.test')).toBeUndefined();
});

test('a response signed by a key the connection does not trust is refused', async () => {
  const connection = await app.services.organizations.connectionOf(acme.id) as SamlConnection;
  const other = makeCertificate(scratch, 'other-idp');
  await app.services.organizations.setSamlConnection(acme.id, { entityId: connection.issuer, ssoUrl: connection.ssoUrl, certificates: [other] });
  try {
    const since = new Date();
    const { browser, page } = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
    const back = await postResponse(browser, page);
    expect(back.stoppedAt).toBeUndefined();
    expect(back.page.body).toContain('not signed by a certificate this connection trusts');
    expect(await failuresSince(since)).toEqual(['sso_saml_signature']);
    // During a rollover the metadata lists both certificates: either one signs.
    await app.services.organizations.setSamlConnection(acme.id, { entityId: connection.issuer, ssoUrl: connection.ssoUrl, certificates: [other, idp.certificate] });
    const rolled = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
    expect((await postResponse(rolled.browser, rolled.page)).stoppedAt).toBeDefined();
  } finally {
    await app.services.organizations.setSamlConnection(acme.id, {
      entityId: connection.issuer, ssoUrl: connection.ssoUrl, certificates: connection.certificates, metadataUrl: connection.metadataUrl,
    });
  }
});

test('a response posted again is refused, in the same browser or another', async () => {
  const { request, browser, page, samlResponse } = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
  const first = await postResponse(browser, page);
  await tokensOf(request, first.stoppedAt);
  const since = new Date();
  for (const replayer of [browser, new TestBrowser()]) {
    const again = await postResponse(replayer, page, samlResponse);
    expect(again.stoppedAt).toBeUndefined();
    expect(again.page.status).toBe(400);
    expect(again.page.body).toContain('already completed, or took too long');
  }
  expect(await failuresSince(since)).toEqual([]);
});

/** Posts a response to our ACS without any RelayState, from the identity provider's origin. */
function postWithoutRelayState(browser: TestBrowser, page: Outcome['page'], samlResponse: string): Promise<Response> {
  return browser.request(`${app.issuer}/saml/acs`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(page.url).origin },
    body: new URLSearchParams({ SAMLResponse: samlResponse }).toString(),
  });
}

test('an unsolicited response (no RelayState of a sign-in started here) is refused', async () => {
  const { browser, page, samlResponse } = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
  const response = await postWithoutRelayState(browser, page, samlResponse);
  expect(response.status).toBe(400);
  expect(await response.text()).toContain('did not start here, or took too long');
  // Nothing that is not a SAML response gets further than a 400 page either.
  const junk = await fetch(`${app.issuer}/saml/acs`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'RelayState=x' });
  expect(junk.status).toBe(400);
});

test('the response of one browser cannot finish the sign-in of another', async () => {
  const { page } = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
  const other = new TestBrowser();
  const back = await postResponse(other, page);
  expect(back.stoppedAt).toBeUndefined();
  expect(back.page.status).toBe(400);
  expect(back.page.body).toContain('did not start in this browser');
});

test('an assertion past its NotOnOrAfter is refused', async () => {
  const sp = serviceProvider(app.issuer);
  idp.trust({ entityId: sp.entityId, acsUrl: sp.acsUrl, assertionLifetime: 1 });
  try {
    const since = new Date();
    const { browser, page, samlResponse } = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
    // Valid for a second (the identity provider did take the setting), then three seconds go by.
    const notOnOrAfter = /<saml:Conditions[^>]*NotOnOrAfter="([^"]+)"/.exec(xmlOf(samlResponse))?.[1];
    expect(Date.parse(notOnOrAfter!) - Date.now()).toBeLessThan(2000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const back = await postResponse(browser, page);
    expect(back.stoppedAt).toBeUndefined();
    expect(back.page.status).toBe(400);
    expect(back.page.body).toContain('has expired, or the clocks of the two servers disagree');
    expect(await failuresSince(since)).toEqual(['sso_saml_expired']);
  } finally {
    idp.trust({ entityId: sp.entityId, acsUrl: sp.acsUrl });
  }
});

test('a response meant for another service provider of the same identity provider is refused', async () => {
  const sp = serviceProvider(app.issuer);
  const otherSp = 'http://other-sp.test/saml/metadata';
  idp.trust({ entityId: sp.entityId, acsUrl: sp.acsUrl }, { entityId: otherSp, acsUrl: sp.acsUrl });
  try {
    // A sign-in of ours starts (its RelayState is known to the attacker, who is the user here)...
    const browser = new TestBrowser();
    const request = await authorizationRequest(rp);
    const page1 = await browser.navigate(request.url.toString(), { stopAt: toCallback });
    const between = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email: 'alice@acme.test' });
    const toIdp = await browser.navigate(new URL(between.page.document.querySelector('a.button-link')!.getAttribute('href')!, between.page.url).toString(),
      { stopAt: (url) => url.startsWith(idp.baseUrl) });
    const relayState = new URL(toIdp.stoppedAt!).searchParams.get('RelayState')!;
    // ...and the identity provider is asked, by the other service provider, for a response sent to our ACS,
    // whose request id is even one we know: only its Audience gives it away.
    const other = new SAML({ issuer: otherSp, callbackUrl: sp.acsUrl, entryPoint: idp.ssoUrl, idpCert: idp.certificate, generateUniqueId: () => '_other-sp-request-1' });
    await app.services.storage.store.set('saml:request:_other-sp-request-1', new Date().toISOString(), 600);
    const atIdp = await browser.navigate(await other.getAuthorizeUrlAsync(relayState, undefined, {}));
    const answered = await browser.submit(atIdp.page, 'form:has(input[name="password"])', { username: 'alice', password: 'alice-password' });
    expect(answered.page.body).toContain('SAMLResponse');
    const since = new Date();
    const back = await postResponse(browser, answered.page);
    expect(back.stoppedAt).toBeUndefined();
    expect(back.page.status).toBe(400);
    expect(back.page.body).toContain('meant for another service provider');
    expect(await failuresSince(since)).toEqual(['sso_saml_audience']);
  } finally {
    idp.trust({ entityId: sp.entityId, acsUrl: sp.acsUrl });
  }
});

test('the Admin API and Center show a SAML connection with what the identity provider needs, and test it', async () => {
  const admin = { organizationId: acme.id, actor: { id: undefined, email: 'test' }, request: {} };
  const { connection } = await app.services.admin.settings.get(admin);
  const sp = serviceProvider(app.issuer);
  expect(connection).toEqual({
    protocol: 'saml', entityId: idp.entityId, ssoUrl: idp.ssoUrl, certificates: 1, metadataUrl: idp.metadataUrl, idpInitiatedClientId: undefined, serviceProvider: sp,
  });
  const check = await app.services.admin.settings.testConnection(admin);
  expect(check.steps.map((step) => [step.name, step.ok])).toEqual([['Signing certificate 1', true], ['Single sign-on service', true]]);
  expect(check.ok).toBe(true);
});

test('when the identity provider says the user signed in with more than one factor, the sign-in counts as two', async () => {
  const sp = serviceProvider(app.issuer);
  idp.trust({ entityId: sp.entityId, acsUrl: sp.acsUrl, authnContextClassRef: 'https://refeds.org/profile/mfa' });
  try {
    const { request, browser, page } = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
    expect(xmlOf(page.document.querySelector('input[name="SAMLResponse"]')!.getAttribute('value')!)).toContain('https://refeds.org/profile/mfa');
    const tokens = await tokensOf(request, (await postResponse(browser, page)).stoppedAt);
    expect(tokens.claims()).toMatchObject({ amr: ['fed', 'mfa'], acr: ACR.multiFactor });
  } finally {
    idp.trust({ entityId: sp.entityId, acsUrl: sp.acsUrl });
  }
});

describe('a connection set from a metadata URL follows the identity provider\'s certificate rollover', () => {
  const withCertificates = async (certificates: string[]) => {
    const connection = await app.services.organizations.connectionOf(acme.id) as SamlConnection;
    await app.services.organizations.setSamlConnection(acme.id, {
      entityId: connection.issuer, ssoUrl: connection.ssoUrl, certificates, metadataUrl: idp.metadataUrl,
    });
  };
  const certificatesNow = async () => ((await app.services.organizations.connectionOf(acme.id)) as SamlConnection).certificates;

  test('a response signed by a certificate only the metadata knows yet: the metadata is read again and the sign-in goes on', async () => {
    await withCertificates([makeCertificate(scratch, 'retired-idp')]);
    // The altered responses of the tests above failed their signatures too, and had the metadata read then:
    // the five minutes that must pass before the next reading are made to have passed.
    const connection = await app.services.organizations.connectionOf(acme.id);
    await app.services.storage.store.delete(`saml:refresh:failure:${connection!.id}`);
    const { request, browser, page } = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
    const back = await postResponse(browser, page);
    expect((await tokensOf(request, back.stoppedAt)).claims()).toMatchObject({ email: 'alice@acme.test' });
    expect(await certificatesNow()).toEqual([idp.certificate]);

    // Forged responses cannot make us fetch it again and again: once in five minutes.
    await withCertificates([makeCertificate(scratch, 'retired-again')]);
    const again = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
    const refused = await postResponse(again.browser, again.page);
    expect(refused.page.status).toBe(400);
    expect(refused.page.body).toContain('not signed by a certificate this connection trusts');
  });

  test('metadata a day old is read again when a sign-in starts', async () => {
    await withCertificates([makeCertificate(scratch, 'old-idp')]);
    await app.services.storage.database.sql.query("UPDATE connections SET updated_at = now() - interval '2 days' WHERE organization_id = $1", [acme.id]);
    // Any change drops the instances' cached organizations (the connection was changed behind their back).
    await app.services.organizations.update(acme.id, { name: 'Acme Corp.' });
    const { browser, page } = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
    await until(async () => (await certificatesNow()).join() === idp.certificate);
    expect((await postResponse(browser, page)).stoppedAt).toBeDefined();
  });
});

describe('an organization\'s administrator sets up SAML in the Admin Center and the Admin API', () => {
  let globex: TestOrganization;
  let token: string;
  let adminBrowser: TestBrowser;
  beforeAll(async () => {
    globex = await createOrganization(app, 'Globex', 'globex.test');
    ({ token } = await serviceToken(app, globex.context));
    // Signed in before the connection exists: afterwards globex.test addresses go to the company's sign-in.
    adminBrowser = new TestBrowser();
    await openAdmin(app, adminBrowser, globex.admin, '/admin/settings');
  });

  test('Admin API: from the metadata itself, or by hand; a private metadata URL is not fetched for a tenant; bad input says why', async () => {
    const metadataXml = await (await fetch(idp.metadataUrl)).text();
    const fromXml = await api<z.infer<typeof samlConnectionOut>>(app, token, 'PUT', '/connection/saml', { metadataXml, claimEmail: 'email' });
    expect(fromXml.status).toBe(200);
    expect(fromXml.body).toEqual({
      protocol: 'saml', entityId: idp.entityId, ssoUrl: idp.ssoUrl, certificates: 1, metadataUrl: null, idpInitiatedClientId: null,
      serviceProvider: serviceProvider(app.issuer),
    });
    const byHand = await api(app, token, 'PUT', '/connection/saml', {
      entityId: 'https://idp.globex.test/saml', ssoUrl: 'https://idp.globex.test/sso', certificate: `-----BEGIN CERTIFICATE-----\n${idp.certificate}\n-----END CERTIFICATE-----`,
    });
    expect(byHand.status).toBe(200);
    expect((await app.services.organizations.connectionOf(globex.organization.id))?.issuer).toBe('https://idp.globex.test/saml');

    // 127.0.0.4 is not a public address: a tenant's URL may not reach it (the operator's CLI may).
    const privateUrl = await api(app, token, 'PUT', '/connection/saml', { metadataUrl: idp.metadataUrl });
    expect(privateUrl.status).toBe(400);
    expect(privateUrl.problem.detail).toMatch(/could not be fetched/);
    const fileUrl = await api(app, token, 'PUT', '/connection/saml', { metadataUrl: '/etc/passwd' });
    expect(fileUrl.status).toBe(400);
    expect(fileUrl.problem.detail).toMatch(/not an http:\/\/ or https:\/\/ URL/);
    const bad = await api(app, token, 'PUT', '/connection/saml', { metadataXml: '<md:EntityDescriptor' });
    expect(bad.status).toBe(400);
    expect(bad.problem.detail).toMatch(/not well-formed XML/);
    expect((await api(app, token, 'PUT', '/connection/saml', { entityId: 'x', ssoUrl: 'ftp://x', certificate: idp.certificate })).problem.detail)
      .toMatch(/not an https:\/\/ URL/);
    expect((await api(app, token, 'PUT', '/connection/saml', {})).status).toBe(400);
    expect((await app.services.organizations.connectionOf(globex.organization.id))?.issuer).toBe('https://idp.globex.test/saml');
  });

  test('Admin Center: the metadata pasted into the form; the page then shows the connection and what the IdP needs from us', async () => {
    const settings = await adminBrowser.navigate(`${app.issuer}/admin/settings`);
    expect(settings.page.document.querySelector('#identity-provider')?.text).toContain(`${app.issuer}/saml/metadata`);
    const refused = await adminBrowser.submit(settings.page, 'form[action="/admin/settings/connection/saml"]', { metadataXml: '<nonsense' });
    expect(refused.page.status).toBe(400);
    expect(refused.page.document.querySelector('#saml-error')?.text).toMatch(/not well-formed XML/);
    const saved = await adminBrowser.submit(refused.page, 'form[action="/admin/settings/connection/saml"]',
      { metadataXml: await (await fetch(idp.metadataUrl)).text() });
    expect(saved.page.url).toMatch(/\/admin\/settings\?done=connection-saved/);
    const shown = saved.page.document.querySelector('#saml-connection');
    expect(shown?.text).toContain(idp.entityId);
    expect(shown?.text).toContain(`${app.issuer}/saml/acs`);
    const events = await app.services.storage.database.sql.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_events WHERE organization_id = $1 AND type = 'organization.connection_changed' ORDER BY occurred_at DESC LIMIT 1",
      [globex.organization.id]);
    expect(events[0]?.details).toMatchObject({ protocol: 'saml', issuer: idp.entityId });
  });
});

describe('Test sign-in: an administrator runs a real sign-in at the identity provider and sees what came back', () => {
  let initech: TestOrganization;
  let adminBrowser: TestBrowser;
  beforeAll(async () => {
    initech = await createOrganization(app, 'Initech', 'initech.test');
    adminBrowser = new TestBrowser();
    await openAdmin(app, adminBrowser, initech.admin, '/admin/settings');
    await app.services.organizations.setSamlConnection(initech.organization.id, { entityId: idp.entityId, ssoUrl: idp.ssoUrl, certificates: [idp.certificate] });
  });

  // Signed out at the identity provider, so that it asks who signs in.
  const signOutAtIdp = () => adminBrowser.dropCookies(idp.baseUrl, ['SimpleSAMLSessionID', 'SimpleSAML', 'SimpleSAMLAuthToken']);

  const runTest = async (username: string, password: string, alter?: (xml: string) => string) => {
    await signOutAtIdp();
    const settings = await adminBrowser.navigate(`${app.issuer}/admin/settings`);
    const atIdp = await adminBrowser.submit(settings.page, 'form[action="/admin/settings/connection/saml-test"]');
    expect(atIdp.page.url.startsWith(idp.baseUrl)).toBe(true);
    const answered = await adminBrowser.submit(atIdp.page, 'form:has(input[name="password"])', { username, password });
    const response = answered.page.document.querySelector('input[name="SAMLResponse"]')!.getAttribute('value')!;
    const report = await postResponse(adminBrowser, answered.page, alter ? encoded(alter(xmlOf(response))) : undefined);
    expect(report.page.url).toMatch(/\/admin\/settings\/connection\/saml-test\?state=/);
    return report.page.document.querySelector('#saml-test-report')?.text.replace(/\s+/g, ' ') ?? '';
  };

  test('a good response: who would be signed in, and every part of it; nobody is signed in', async () => {
    const report = await runTest('alice', 'alice-password');
    expect(report).toContain('the response would sign this user in');
    expect(report).toContain('Signs in alice@acme.test (Alice Doe), but that email is not in a verified domain of your organization: refused');
    expect(report).toContain(`Issuer: ${idp.entityId}`);
    expect(report).toContain(`Audience: ${app.issuer}/saml/metadata`);
    expect(report).toContain('Attribute email: alice@acme.test');
    expect(report).toContain('urn:oasis:names:tc:SAML:2.0:nameid-format:transient');
  });

  test('a refused response says why in plain words, and shows what it said, unchecked', async () => {
    const report = await runTest('gina', 'gina-password', (xml) => xml.replace('Gina@ACME.test', 'ceo@initech.test'));
    expect(report).toContain('the response would be refused');
    expect(report).toContain('not signed by a certificate this connection trusts');
    expect(report).toContain('As it came, unchecked');
    expect(report).toContain('Attribute mail: ceo@initech.test');
    expect(await app.services.accountRepository.findByEmail('ceo@initech.test')).toBeUndefined();
  });

  test('the report is for the administrator who started the test, once', async () => {
    await signOutAtIdp();
    const settings = await adminBrowser.navigate(`${app.issuer}/admin/settings`);
    const atIdp = await adminBrowser.submit(settings.page, 'form[action="/admin/settings/connection/saml-test"]');
    const answered = await adminBrowser.submit(atIdp.page, 'form:has(input[name="password"])', { username: 'alice', password: 'alice-password' });
    const acs = await adminBrowser.submit(answered.page, 'form:has(input[name="SAMLResponse"])', {}, { stopAt: (url) => url.includes('/saml-test?state=') });
    const reportUrl = acs.stoppedAt!;
    const other = new TestBrowser();
    const otherAdmin = await createOrganization(app, 'Hooli', 'hooli.test');
    await openAdmin(app, other, otherAdmin.admin, '/admin/settings');
    const stolen = await other.navigate(reportUrl);
    expect(stolen.page.document.querySelector('#saml-error')?.text).toContain('was not started here');
    expect((await adminBrowser.navigate(reportUrl)).page.document.querySelector('#saml-test-report')).toBeNull();
  });
});

describe('IdP-initiated sign-in: the user starts at the company\'s portal, and the application signs them in', () => {
  const START = 'https://127.0.0.2:9/start';
  let portalRp: oidc.Configuration;
  let portalClientId: string;
  beforeAll(async () => {
    const client = await registerClient(app);
    portalClientId = client.clientId;
    // Only a client with a login initiation endpoint can be chosen: the portal's user is sent there.
    await app.services.clients.create({
      clientId: `${portalClientId}-portal`, redirectUris: [CALLBACK], initiateLoginUri: `${START}?app=portal`, firstParty: true,
    });
    portalRp = await discover(app, { ...client, clientId: `${portalClientId}-portal`, secret: undefined });
  });
  afterAll(async () => {
    await cli(['org:connection', '--org', acme.id, '--saml-metadata', idp.metadataUrl]);
  });

  /** At the identity provider's own page, as a portal's link does it: its sign-in, then its auto-submitting form. */
  async function fromPortal(username: string, password: string, browser = new TestBrowser()) {
    const sp = serviceProvider(app.issuer);
    const login = await browser.navigate(`${idp.ssoUrl}?spentityid=${encodeURIComponent(sp.entityId)}`);
    const answered = await browser.submit(login.page, 'form:has(input[name="password"])', { username, password });
    const form = answered.page.document.querySelector('form:has(input[name="SAMLResponse"])');
    if (!form) {
      throw new Error(`no SAML response form:\n${answered.page.body}`);
    }
    return { browser, page: answered.page, samlResponse: form.querySelector('input[name="SAMLResponse"]')!.getAttribute('value')! };
  }
  const toStart = (url: string) => url.startsWith(START) || toCallback(url);

  test('while the organization has not turned it on, a response from the portal is refused', async () => {
    const since = new Date();
    const { browser, page } = await fromPortal('alice', 'alice-password');
    const refused = await browser.submit(page, 'form:has(input[name="SAMLResponse"])', {}, { stopAt: toStart });
    expect(refused.stoppedAt).toBeUndefined();
    expect(refused.page.status).toBe(400);
    expect(refused.page.body).toContain('did not start here, or took too long');
    expect(await failuresSince(since)).toEqual([]);
  });

  test('the client it goes on to must be one with a login initiation endpoint', async () => {
    const refused = await cli(['org:connection', '--org', acme.id, '--saml-metadata', idp.metadataUrl, '--saml-idp-initiated-client', portalClientId]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`the client ${portalClientId} has no initiate_login_uri`);
    expect((await cli(['org:connection', '--org', acme.id, '--saml-metadata', idp.metadataUrl, '--saml-idp-initiated-client', 'no-such-client'])).err)
      .toContain('there is no client no-such-client');
    const turnedOn = await cli(['org:connection', '--org', acme.id, '--saml-metadata', idp.metadataUrl, '--saml-idp-initiated-client', `${portalClientId}-portal`]);
    expect(turnedOn.code).toBe(0);
    expect(turnedOn.out).toContain(`IdP-initiated sign-in: on, on to the client ${portalClientId}-portal`);
  });

  test('turned on: the portal\'s response sends the user to the application, whose own authorization signs them in', async () => {
    const { browser, page, samlResponse } = await fromPortal('alice', 'alice-password');
    const atApplication = await browser.submit(page, 'form:has(input[name="SAMLResponse"])', {}, { stopAt: toStart });
    // OpenID Connect Core 1.0, section 4: the application is told who asks, and whom to sign in.
    const start = new URL(atApplication.stoppedAt!);
    expect(`${start.origin}${start.pathname}`).toBe(START);
    expect(Object.fromEntries(start.searchParams)).toEqual({ app: 'portal', iss: app.issuer, login_hint: 'alice@acme.test' });

    // The application starts an authorization of its own (state, nonce, PKCE): no page to fill in, signed in.
    const request = await authorizationRequest(portalRp, { login_hint: start.searchParams.get('login_hint')! });
    const back = await browser.navigate(request.url.toString(), { stopAt: toCallback });
    const tokens = await exchange(portalRp, back.stoppedAt!, request);
    expect(tokens.claims()).toMatchObject({ email: 'alice@acme.test', amr: ['fed'], acr: ACR.singleFactor, aud: `${portalClientId}-portal` });

    // The same response again, from this browser or another: the assertion was taken.
    for (const replayer of [browser, new TestBrowser()]) {
      const again = await replayer.submit(page, 'form:has(input[name="SAMLResponse"])', { SAMLResponse: samlResponse }, { stopAt: toStart });
      expect(again.stoppedAt).toBeUndefined();
      expect(again.page.status).toBe(400);
      expect(again.page.body).toContain('already completed, or took too long');
    }
  });

  test('the held identity answers only the chosen client, once; another application gets the sign-in page', async () => {
    const { browser, page } = await fromPortal('gina', 'gina-password');
    expect((await browser.submit(page, 'form:has(input[name="SAMLResponse"])', {}, { stopAt: toStart })).stoppedAt).toBeDefined();
    const elsewhere = await browser.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback });
    expect(elsewhere.stoppedAt).toBeUndefined();
    expect(elsewhere.page.document.querySelector('input[name="email"]')).not.toBeNull();
    // Taken by that request: the chosen application, after it, asks too.
    const late = await browser.navigate((await authorizationRequest(portalRp)).url.toString(), { stopAt: toCallback });
    expect(late.stoppedAt).toBeUndefined();
    expect(late.page.document.querySelector('input[name="email"]')).not.toBeNull();
  });

  test('a response to a request of ours, posted without its RelayState, is refused even so', async () => {
    const { browser, page, samlResponse } = await toResponseForm('alice', 'alice-password', 'alice@acme.test');
    const response = await postWithoutRelayState(browser, page, samlResponse);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('did not start here, or took too long');
  });

  test('an email outside the organization\'s domains signs nobody in, as for any company sign-in', async () => {
    const since = new Date();
    const { browser, page } = await fromPortal('mallory', 'mallory-password');
    const atApplication = await browser.submit(page, 'form:has(input[name="SAMLResponse"])', {}, { stopAt: toStart });
    const request = await authorizationRequest(portalRp);
    const refused = await browser.navigate(request.url.toString(), { stopAt: toCallback });
    expect(atApplication.stoppedAt).toBeDefined();
    expect(refused.stoppedAt).toBeUndefined();
    expect(refused.page.status).toBe(400);
    expect(refused.page.body).toContain('not in a domain of your organization');
    expect(await failuresSince(since)).toEqual(['sso_domain_not_claimed']);
    // The account of that address (made by the test above) got no link to the company's identity.
    const victim = await app.services.accountRepository.findByEmail('victim@elsewhere.test');
    expect(await app.services.identities.listForAccount(victim!.id)).toEqual([]);
  });

  test('the Admin API and Center set it too; when two organizations of one entity ID take them, which is meant cannot be told: refused', async () => {
    const initech = await createOrganization(app, 'Initrode', 'initrode.test');
    const { token } = await serviceToken(app, initech.context);
    // Signed in before the connection exists: afterwards initrode.test addresses go to the company's sign-in.
    const adminBrowser = new TestBrowser();
    await openAdmin(app, adminBrowser, initech.admin, '/admin/settings');
    const metadataXml = await (await fetch(idp.metadataUrl)).text();
    const refused = await api(app, token, 'PUT', '/connection/saml', { metadataXml, idpInitiatedClientId: portalClientId });
    expect(refused.status).toBe(400);
    expect(refused.problem.detail).toContain('has no initiate_login_uri');
    const on = await api<z.infer<typeof samlConnectionOut>>(app, token, 'PUT', '/connection/saml', { metadataXml, idpInitiatedClientId: `${portalClientId}-portal` });
    expect(on.status).toBe(200);
    expect(on.body.idpInitiatedClientId).toBe(`${portalClientId}-portal`);

    const { browser, page } = await fromPortal('alice', 'alice-password');
    const ambiguous = await browser.submit(page, 'form:has(input[name="SAMLResponse"])', {}, { stopAt: toStart });
    expect(ambiguous.stoppedAt).toBeUndefined();
    expect(ambiguous.page.status).toBe(400);

    // In the Admin Center: the form shows it, and saving it empty turns it off; then Acme's portal works again.
    const settings = await adminBrowser.navigate(`${app.issuer}/admin/settings`);
    expect(settings.page.document.querySelector('#saml-idp-initiated')?.text).toContain(`go on to ${portalClientId}-portal`);
    const wrong = await adminBrowser.submit(settings.page, 'form[action="/admin/settings/connection/saml"]', { metadataXml, idpInitiatedClientId: 'no-such-client' });
    expect(wrong.page.status).toBe(400);
    expect(wrong.page.document.querySelector('#saml-error')?.text).toContain('there is no client no-such-client');
    const off = await adminBrowser.submit(wrong.page, 'form[action="/admin/settings/connection/saml"]', { metadataXml, idpInitiatedClientId: '' });
    expect(off.page.url).toMatch(/done=connection-saved/);
    expect(off.page.document.querySelector('#saml-idp-initiated')?.text).toContain('IdP-initiated sign-in is off');
    const again = await fromPortal('alice', 'alice-password');
    expect((await again.browser.submit(again.page, 'form:has(input[name="SAMLResponse"])', {}, { stopAt: toStart })).stoppedAt).toBeDefined();
  });
});
