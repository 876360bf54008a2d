// Connections beyond the defaults: private_key_jwt (our key, published for the provider), claim mapping;
// and organizations managed from the CLI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { startCompanyIdp, type CompanyIdp } from '../../helpers/company-idp.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { inProcessCli } from '../../helpers/in-process-cli.js';
import { runCli } from '../../helpers/processes.js';
import { authorizationRequest, toCallback } from '../../helpers/relying-party.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { testSecrets } from '../../helpers/test-secrets.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { exchange } from '../mfa/mfa-helpers.js';
import { signInAtCompany, toCompany } from './sso-helpers.js';

let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
let idp: CompanyIdp | undefined;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed());
});
afterAll(async () => {
  await idp?.close();
  await closeTestbed({ app, sink });
});

test('private_key_jwt: our key signs the client assertion; its public half is published for the provider', async () => {
  const org = await app.services.organizations.create('Keyed Co', ['keyed.test']);
  // The provider is not known yet; the connection (and its key) can be made first.
  const { connection, publicJwk } = await app.services.organizations.setConnection(org.id, {
    issuer: 'http://127.0.0.3:1', clientId: 'gotoassist-keyed', authMethod: 'private_key_jwt',
    scopes: ['openid', 'corp'], claims: { email: 'employee_mail', name: 'display' },
  });
  const jwks = (await (await fetch(`${app.issuer}/sso/connections/${connection.id}/jwks`)).json()) as { keys: Record<string, string>[] };
  expect(jwks.keys).toHaveLength(1);
  expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', x: publicJwk!.x, alg: 'ES256' });
  expect(jwks.keys[0]).not.toHaveProperty('d');

  idp = await startCompanyIdp({
    clients: [{
      client_id: 'gotoassist-keyed', token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256',
      // The published JWKS, fetched by the provider as a company's provider would.
      redirect_uris: [`${app.issuer}/sso/callback`], jwks_uri: `${app.issuer}/sso/connections/${connection.id}/jwks`,
    }],
    accounts: { kim: { employee_mail: 'Kim@Keyed.test', display: 'Kim Keyed', email_verified: true } },
  });
  await app.services.organizations.setConnection(org.id, {
    issuer: idp.issuer, clientId: 'gotoassist-keyed', authMethod: 'private_key_jwt',
    scopes: ['openid', 'corp'], claims: { email: 'employee_mail', name: 'display' },
  });

  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const back = await signInAtCompany(browser, await toCompany(browser, request.url.toString(), 'kim@keyed.test'), 'kim');
  const tokens = await exchange(rp, back.stoppedAt!, request);
  expect(tokens.claims()).toMatchObject({ email: 'kim@keyed.test', name: 'Kim Keyed', amr: ['fed'] });
});

test('org:domain prints the TXT record to publish; --verify vouches for the domain without DNS, in the audit log, and sign-ins route', async () => {
  const org = await app.services.organizations.create('Dev Co', []);
  const company = await startCompanyIdp({
    clients: [{ client_id: 'gotoassist-dev', client_secret: 'dev-secret', redirect_uris: [`${app.issuer}/sso/callback`] }],
    accounts: { dee: { email: 'dee@devco.test', name: 'Dee Dev', email_verified: true } },
  });
  try {
    await app.services.organizations.setConnection(org.id, { issuer: company.issuer, clientId: 'gotoassist-dev', clientSecret: 'dev-secret' });
    const cli = inProcessCli(() => app);
    const claimed = await cli(['org:domain', '--org', org.id, '--domain', 'DevCo.test']);
    expect(claimed.code).toBe(0);
    expect(claimed.out).toMatch(/devco\.test is claimed, not proven yet/);
    expect(claimed.out).toMatch(/_gotoassist-verification\.devco\.test {2}TXT {2}"gotoassist-verification=[A-Za-z0-9_-]+"/);
    // Unproven, the domain routes nobody: the password page.
    const before = await browser1(rp, 'dee@devco.test');
    expect(before.page.document.querySelector('form[action$="/login/password"]')).not.toBeNull();

    const vouched = await cli(['org:domain', '--org', org.id, '--domain', 'devco.test', '--verify']);
    expect(vouched.out).toBe('Dev Co: devco.test is verified (vouched for by the operator; in the audit log)');
    const rows = await app.services.storage.database.sql.query<{ actor_email: string; details: { domain: string; proof?: string } }>(
      "SELECT actor_email, details FROM audit_events WHERE organization_id = $1 AND type = 'organization.domain_verified'", [org.id]);
    expect(rows).toEqual([{ actor_email: 'CLI (operator)', details: { domain: 'devco.test', proof: 'operator' } }]);

    const browser = new TestBrowser();
    const request = await authorizationRequest(rp);
    const back = await signInAtCompany(browser, await toCompany(browser, request.url.toString(), 'dee@devco.test'), 'dee');
    expect((await exchange(rp, back.stoppedAt!, request)).claims()).toMatchObject({ email: 'dee@devco.test', amr: ['fed'] });
    expect((await cli(['org:domain', '--org', org.id, '--domain', 'not a domain', '--verify'])).err).toContain('is not a domain name');
  } finally {
    await company.close();
  }
});

/** Page 2 of a sign-in after typing `email` on page 1. */
async function browser1(config: oidc.Configuration, email: string) {
  const browser = new TestBrowser();
  const page1 = await browser.navigate((await authorizationRequest(config)).url.toString(), { stopAt: toCallback });
  return browser.submit(page1.page, 'form[action$="/login/identifier"]', { email }, { stopAt: toCallback });
}

test('client secrets and private keys of connections are stored encrypted', async () => {
  const org = await app.services.organizations.create('Secretive Co', ['secretive.test']);
  await app.services.organizations.setConnection(org.id, { issuer: 'https://login.secretive.test', clientId: 'c', clientSecret: 'the-company-secret-value' });
  const rows = await app.services.storage.database.sql.query<{ client_secret_ciphertext: string | null; private_jwk_ciphertext: string | null }>(
    'SELECT client_secret_ciphertext, private_jwk_ciphertext FROM connections');
  const stored = JSON.stringify(rows);
  expect(stored).not.toContain('the-company-secret-value');
  expect(stored).not.toContain('"d"');
});

describe('the CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'idp-org-'));
  const env = { DATA_DIR: dataDir, ...testSecrets() };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('creates an organization, its connection, members and settings', async () => {
    const created = await runCli(['org:create', '--name', 'Cli Co', '--domain', 'Cli.Test', '--domain', 'cli-co.test'], env);
    expect(created.stdout).toMatch(/^created organization [0-9a-f-]{36} \(Cli Co\) claiming cli-co\.test, cli\.test\n$/);
    const org = /organization ([0-9a-f-]{36})/.exec(created.stdout)![1]!;

    const connection = await runCli(['org:connection', '--org', org, '--issuer', 'https://login.cli.test', '--client-id', 'gta',
      '--client-secret', 'company-secret', '--scope', 'groups'], env);
    expect(connection.stdout).toContain('https://login.cli.test as gta (client_secret_basic)');
    expect(connection.stdout).toContain('redirect URI to register at the provider: http://localhost:3000/sso/callback');
    const keyed = await runCli(['org:connection', '--org', org, '--issuer', 'https://login.cli.test', '--client-id', 'gta',
      '--auth-method', 'private_key_jwt'], env);
    expect(keyed.stdout).toMatch(/public key for private_key_jwt: http:\/\/localhost:3000\/sso\/connections\/[0-9a-f-]{36}\/jwks/);

    expect((await runCli(['user:create', '--email', 'member@cli.test', '--password', 'member password ok'], env)).code).toBe(0);
    expect((await runCli(['org:member', '--org', org, '--email', 'member@cli.test', '--admin'], env)).stdout).toContain('is an administrator of');
    expect((await runCli(['org:enforce-sso', '--org', org, 'on'], env)).stdout).toBe('Cli Co: Enterprise SSO only is on\n');
    expect((await runCli(['org:settings', '--org', org, '--jit', 'off', '--waive-mfa-for-sso', 'on', '--require-mfa', 'on'], env)).stdout)
      .toBe('Cli Co: just-in-time members off, two-step verification required for all, after company sign-in waived, passkey as each user chooses\n');
    expect((await runCli(['org:settings', '--org', org, '--require-passkey', 'on'], env)).stdout).toContain('passkey required for all');
    }, 180_000);

  test.each([
    [['org:create', '--name', 'Bad', '--domain', 'not a domain'], 1, 'is not a domain name'],
    [['org:connection', '--org', '00000000-0000-4000-8000-000000000000', '--issuer', 'https://x.test', '--client-id', 'c', '--client-secret', 's'], 1, 'no organization'],
    [['org:enforce-sso', '--org', 'x', 'maybe'], 2, 'the setting is on or off'],
    [['org:enforce-sso', '--org', 'x'], 2, 'expected 1 argument'],
    [['org:member', '--email', 'a@b.test'], 2, '--org is required'],
  ])('%j is refused', async (args, code, message) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });

  test('a connection needs an https issuer and, for secret methods, a secret', async () => {
    const org = /organization ([0-9a-f-]{36})/.exec((await runCli(['org:create', '--name', 'Strict', '--domain', 'strict.test'], env)).stdout)![1]!;
    const insecure = await runCli(['org:connection', '--org', org, '--issuer', 'http://login.strict.test', '--client-id', 'c', '--client-secret', 's'], env);
    expect(insecure.stderr).toContain('the issuer is an https:// URL');
    const noSecret = await runCli(['org:connection', '--org', org, '--issuer', 'https://login.strict.test', '--client-id', 'c',
      '--auth-method', 'client_secret_post'], env);
    expect(noSecret.stderr).toContain('client_secret_post needs a client secret');
  });
});
