// A user the company's identity provider provisions over SCIM has no password: they sign in through the
// company's own sign-in (with just-in-time creation off, only provisioned people get in), and once the
// provider deactivates them, they no longer can.
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { startCompanyIdp, type CompanyIdp } from '../../helpers/company-idp.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, discover, registerClient } from '../../helpers/relying-party.js';
import { exchange } from '../mfa/mfa-helpers.js';
import { signInAtCompany, toCompany } from '../sso/sso-helpers.js';
import { entraUser, organizationWithToken, PATCH_OP, type Scim } from './scim-helpers.js';

const COMPANY_SECRET = 'company-secret-company-secret-0123';
let app: TestApp;
let idp: CompanyIdp;
let rp: oidc.Configuration;
let scim: Scim;

beforeAll(async () => {
  app = await createTestApp();
  idp = await startCompanyIdp({
    clients: [{ client_id: 'gotoassist', client_secret: COMPANY_SECRET, redirect_uris: [`${app.issuer}/sso/callback`] }],
    accounts: {
      grace: { email: 'grace.hopper@contoso.test', email_verified: true, name: 'Grace Hopper' },
      walkin: { email: 'walk.in@contoso.test', email_verified: true, name: 'Not provisioned' },
    },
  });
  const contoso = await organizationWithToken(app, 'Contoso', 'contoso.test');
  scim = contoso.scim;
  await app.services.organizations.setConnection(contoso.organization.id, { issuer: idp.issuer, clientId: 'gotoassist', clientSecret: COMPANY_SECRET });
  await app.services.organizations.update(contoso.organization.id, { jitProvisioning: false });
  rp = await discover(app, await registerClient(app, { firstParty: true }));
});
afterAll(async () => {
  await idp?.close();
  await app?.close();
});

async function companySignIn(login: string, email: string) {
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const back = await signInAtCompany(browser, await toCompany(browser, request.url.toString(), email), login);
  return { request, back };
}

test('a provisioned user signs in through the company; deactivated, they cannot; someone not provisioned never could', async () => {
  const created = await scim('POST', '/Users', entraUser('grace.hopper@contoso.test', 'E-42'));
  expect(created.status).toBe(201);

  const { request, back } = await companySignIn('grace', 'grace.hopper@contoso.test');
  expect(back.stoppedAt).toBeDefined();
  const tokens = await exchange(rp, back.stoppedAt!, request);
  expect(tokens.claims()).toMatchObject({ sub: created.body['id'], email: 'grace.hopper@contoso.test' });

  const walkIn = await companySignIn('walkin', 'walk.in@contoso.test');
  expect(walkIn.back.stoppedAt).toBeUndefined();
  expect(await app.services.accountRepository.findByEmail('walk.in@contoso.test')).toBeUndefined();

  await scim('PATCH', `/Users/${created.body['id'] as string}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
  const refused = await companySignIn('grace', 'grace.hopper@contoso.test');
  expect(refused.back.stoppedAt).toBeUndefined();
  expect(refused.back.page.status).toBeGreaterThanOrEqual(400);
}, 60_000);
