// With our own SAML key pair (SAML_SP_KEY_FILE, SAML_SP_CERTIFICATE_FILE): our metadata publishes the
// certificate, our AuthnRequests are signed (the identity provider here refuses unsigned ones), and
// assertions encrypted to us are read. Against SimpleSAMLphp; and the settings are checked at start-up.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SAML } from '@node-saml/node-saml';
import type * as oidc from 'openid-client';

import { loadConfig } from '../../../src/config/load-config.js';
import { serviceProvider } from '../../../src/federation/saml/service-provider.js';
import { TestBrowser } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, toCallback } from '../../helpers/relying-party.js';
import { makeCertificate, startSamlIdp, type SamlIdp } from '../../helpers/saml-idp.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { exchange } from '../mfa/mfa-helpers.js';
import { toCompany } from './sso-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'saml-keys-'));
const spCertificate = makeCertificate(dir, 'sp');
const keyFiles = { SAML_SP_KEY_FILE: join(dir, 'sp.key'), SAML_SP_CERTIFICATE_FILE: join(dir, 'sp.crt') };
let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
let idp: SamlIdp;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed({ env: keyFiles }));
  idp = await startSamlIdp({ users: [{ username: 'kim', password: 'kim-password', attributes: { email: ['kim@umbrella.test'], cn: ['Kim U'] } }] });
  const sp = serviceProvider(app.issuer);
  idp.trust({ entityId: sp.entityId, acsUrl: sp.acsUrl, certificate: spCertificate });
  const umbrella = await app.services.organizations.create('Umbrella', ['umbrella.test']);
  await app.services.organizations.setSamlConnection(umbrella.id, { entityId: idp.entityId, ssoUrl: idp.ssoUrl, certificates: [idp.certificate] });
});
afterAll(async () => {
  await idp?.close();
  await closeTestbed({ app, sink });
  rmSync(dir, { recursive: true, force: true });
});

test('our metadata publishes our certificate for signing and encryption, and says our requests are signed', async () => {
  const xml = await (await fetch(`${app.issuer}/saml/metadata`)).text();
  expect(xml).toContain('AuthnRequestsSigned="true"');
  expect(xml).toMatch(/KeyDescriptor use="signing"/);
  expect(xml).toMatch(/KeyDescriptor use="encryption"/);
  expect(xml.replace(/\s+/g, '')).toContain(spCertificate);
});

test('a signed AuthnRequest, an encrypted assertion: signed in', async () => {
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const toIdp = await toCompany(browser, request.url.toString(), 'kim@umbrella.test');
  const answered = await browser.submit(toIdp.page, 'form:has(input[name="password"])', { username: 'kim', password: 'kim-password' });
  const response = answered.page.document.querySelector('input[name="SAMLResponse"]')?.getAttribute('value');
  if (!response) {
    throw new Error(`the identity provider did not answer with a response (an unsigned request is refused):\n${answered.page.body}`);
  }
  const xml = Buffer.from(response, 'base64').toString('utf8');
  expect(xml).toContain('EncryptedAssertion');
  expect(xml).not.toContain('kim@umbrella.test');
  const back = await browser.submit(answered.page, 'form:has(input[name="SAMLResponse"])', {}, { stopAt: toCallback });
  const tokens = await exchange(rp, back.stoppedAt!, request);
  expect(tokens.claims()).toMatchObject({ email: 'kim@umbrella.test', name: 'Kim U', amr: ['fed'] });
});

test('the request really is signed: its redirect carries SigAlg and Signature', async () => {
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const page1 = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  const between = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email: 'kim@umbrella.test' });
  const start = new URL(between.page.document.querySelector('a.button-link')!.getAttribute('href')!, between.page.url).toString();
  const toIdp = await browser.navigate(start, { stopAt: (url) => url.startsWith(idp.baseUrl) });
  const redirect = new URL(toIdp.stoppedAt!);
  expect(redirect.searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
  expect(redirect.searchParams.get('Signature')).toMatch(/^[A-Za-z0-9+/]+=*$/);
});

test('the identity provider here does refuse an unsigned request from us (so the test above is worth something)', async () => {
  const sp = serviceProvider(app.issuer);
  const unsigned = new SAML({ issuer: sp.entityId, callbackUrl: sp.acsUrl, entryPoint: idp.ssoUrl, idpCert: idp.certificate });
  const outcome = await new TestBrowser().navigate(await unsigned.getAuthorizeUrlAsync('whatever', undefined, {}));
  expect(outcome.page.document.querySelector('input[name="password"]')).toBeNull();
  expect(outcome.page.document.text).toContain('Validation of received messages enabled, but no signature found on message');
});

test('the key pair is checked at start-up: both files, readable, an RSA key and its own certificate', () => {
  const base = { ISSUER: 'http://127.0.0.1:3000', DATA_DIR: dir, NODE_ENV: 'test' };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };
  expect(problems(keyFiles)).toBe('');
  expect(problems({ SAML_SP_KEY_FILE: keyFiles.SAML_SP_KEY_FILE })).toMatch(/SAML_SP_CERTIFICATE_FILE: is needed with the other one/);
  expect(problems({ ...keyFiles, SAML_SP_KEY_FILE: join(dir, 'missing.key') })).toMatch(/SAML_SP_KEY_FILE: cannot read/);
  makeCertificate(dir, 'another');
  expect(problems({ ...keyFiles, SAML_SP_CERTIFICATE_FILE: join(dir, 'another.crt') })).toMatch(/is not the certificate of the key/);
  writeFileSync(join(dir, 'junk.key'), 'not a key');
  expect(problems({ ...keyFiles, SAML_SP_KEY_FILE: join(dir, 'junk.key') })).toMatch(/is not a PEM private key/);
});
