// The organization's OAuth clients and the audit log through the Admin API: a client created there works
// with a standard relying party; its secret is shown once and rotates; the log records sign-ins (and why
// they failed), resets, two-step changes and administrator actions, filters, and exports CSV.
import * as oidc from 'openid-client';
import type { z } from 'zod';

import type { auditEventOut, clientOut, clientWithSecretOut, listOf } from '../../../src/admin/admin-schemas.js';
import { TestBrowser } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { CALLBACK, signIn, signInThroughForms, authorizationRequest } from '../../helpers/relying-party.js';
import { linkIn, type SmtpSink } from '../../helpers/smtp-sink.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { api, createOrganization, serviceToken, type TestOrganization } from './admin-helpers.js';

type Client = z.infer<typeof clientOut>;
type ClientWithSecret = z.infer<typeof clientWithSecretOut>;
type AuditList = z.infer<ReturnType<typeof listOf<typeof auditEventOut>>>;

let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
let acme: TestOrganization;
let other: TestOrganization;
let token: string;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed());
  acme = await createOrganization(app, 'Acme', 'acme.test');
  other = await createOrganization(app, 'Other', 'other.test');
  ({ token } = await serviceToken(app, acme.context));
});
afterAll(() => closeTestbed({ app, sink }));

const discoverAs = (clientId: string, secret: string) => oidc.discovery(new URL(app.issuer), clientId, undefined, oidc.ClientSecretBasic(secret), {
  execute: [oidc.allowInsecureRequests],
});

describe('clients', () => {
  test('a web application created here signs users in with openid-client, after consent', async () => {
    const created = await api<ClientWithSecret>(app, token, 'POST', '/clients', {
      name: 'Acme Portal', type: 'web', redirectUris: [CALLBACK],
    });
    expect(created.status).toBe(201);
    expect(created.body.client).toMatchObject({ name: 'Acme Portal', type: 'web', confidential: true, adminApi: false, redirectUris: [CALLBACK] });
    expect(created.body.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const portal = await discoverAs(created.body.client.id, created.body.clientSecret!);
    const { tokens } = await signIn(portal, new TestBrowser(), { ...acme.user, consent: true });
    expect(tokens.claims()!.sub).toBe(acme.user.id);

    // The secret is never shown again.
    const listed = await api<{ items: Client[] }>(app, token, 'GET', '/clients');
    expect(listed.text).not.toContain(created.body.clientSecret);
    expect(listed.body.items.map((client) => client.name)).toContain('Acme Portal');
  });

  test('rotate the secret: the new one works, the old one stops at once', async () => {
    const created = await api<ClientWithSecret>(app, token, 'POST', '/clients', { name: 'Batch job', type: 'service' });
    const before = await discoverAs(created.body.client.id, created.body.clientSecret!);
    await oidc.clientCredentialsGrant(before, {});
    const rotated = await api<ClientWithSecret>(app, token, 'POST', `/clients/${created.body.client.id}/rotate-secret`);
    expect(rotated.body.clientSecret).not.toBe(created.body.clientSecret);
    // 401 with a challenge: the client does not authenticate any more.
    await expect(oidc.clientCredentialsGrant(before, {})).rejects.toMatchObject({ status: 401 });
    await oidc.clientCredentialsGrant(await discoverAs(created.body.client.id, rotated.body.clientSecret!), {});
  });

  test('edit redirect URIs (checked), and delete', async () => {
    const created = await api<ClientWithSecret>(app, token, 'POST', '/clients', { name: 'Mobile', type: 'native', redirectUris: ['com.acme.app:/cb'] });
    expect(created.body.clientSecret).toBeNull();
    const id = created.body.client.id;
    const edited = await api<Client>(app, token, 'PATCH', `/clients/${id}`, { redirectUris: ['com.acme.app:/callback', 'http://127.0.0.1/cb'] });
    expect(edited.body.redirectUris).toEqual(['com.acme.app:/callback', 'http://127.0.0.1/cb']);
    const refused = await api(app, token, 'PATCH', `/clients/${id}`, { redirectUris: ['http://evil.example/cb'] });
    expect(refused.status).toBe(400);
    expect(refused.problem.detail).toContain('must use https');
    // A front-channel page is the application's own: at one of its redirect URIs' origins.
    const elsewhere = await api(app, token, 'PATCH', `/clients/${id}`, { frontchannelLogoutUri: 'https://bank.acme.test/logout' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.problem.detail).toContain("redirect URIs");
    expect(refused.problem.detail).toMatch(/^http:\/\/evil\.example\/cb /); // the address as given, not 'Http://'
    expect((await api(app, token, 'POST', `/clients/${id}/rotate-secret`)).status).toBe(400);
    expect((await api(app, token, 'DELETE', `/clients/${id}`)).status).toBe(204);
    expect((await api(app, token, 'GET', `/clients/${id}`)).status).toBe(404);
  });

  test('a device client signs its user in with a code at /device; protocol settings are set, shown and changed with the same names', async () => {
    const tv = await api<ClientWithSecret>(app, token, 'POST', '/clients', { name: 'Acme TV', type: 'device' });
    expect(tv.status).toBe(201);
    expect(tv.body).toMatchObject({ clientSecret: null, client: { type: 'device', confidential: false, redirectUris: [] } });
    const device = await oidc.discovery(new URL(app.issuer), tv.body.client.id, { token_endpoint_auth_method: 'none' }, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const started = await oidc.initiateDeviceAuthorization(device, { scope: 'openid' });
    expect(started.user_code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect((await api(app, token, 'POST', '/clients', { name: 'x', type: 'device', redirectUris: ['https://a.example/cb'] })).problem.detail)
      .toContain('no redirect URIs');

    const portal = await api<ClientWithSecret>(app, token, 'POST', '/clients', {
      name: 'Acme Bank', type: 'web', redirectUris: [CALLBACK], requirePar: true, requireDpop: true, requireSignedRequestObject: true, tokenExchange: true, backchannelLogoutUri: 'https://bank.acme.test/logout',
      frontchannelLogoutUri: 'http://127.0.0.2:9/frontchannel-logout',
    });
    expect(portal.body.client).toMatchObject({ requirePar: true, requireDpop: true, requireSignedRequestObject: true, tokenExchange: true, backchannelLogoutUri: 'https://bank.acme.test/logout',
      frontchannelLogoutUri: 'http://127.0.0.2:9/frontchannel-logout' });
    const id = portal.body.client.id;
    const stored = await app.services.clientRepository.find(id);
    expect(stored?.metadata).toMatchObject({
      require_pushed_authorization_requests: true, dpop_bound_access_tokens: true, require_signed_request_object: true, backchannel_logout_session_required: true,
      frontchannel_logout_uri: 'http://127.0.0.2:9/frontchannel-logout', frontchannel_logout_session_required: true,
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:token-exchange'],
    });
    // Token exchange needs a secret: not for a single-page application.
    expect((await api(app, token, 'POST', '/clients', { name: 'x', type: 'spa', redirectUris: [CALLBACK], tokenExchange: true })).status).toBe(400);
    const changed = await api<Client>(app, token, 'PATCH', `/clients/${id}`, { requirePar: false, requireSignedRequestObject: false, backchannelLogoutUri: null });
    expect(changed.body).toMatchObject({ requirePar: false, requireDpop: true, requireSignedRequestObject: false, backchannelLogoutUri: null });
    expect((await app.services.clientRepository.find(id))?.metadata['require_signed_request_object']).toBeUndefined();
    const refused = await api(app, token, 'PATCH', `/clients/${id}`, { backchannelLogoutUri: 'http://bank.acme.test/logout' });
    expect(refused.status).toBe(400);
    expect(refused.problem.detail).toContain('must use https');
    // A front-channel page is the application's own: at one of its redirect URIs' origins.
    const elsewhere = await api(app, token, 'PATCH', `/clients/${id}`, { frontchannelLogoutUri: 'https://bank.acme.test/logout' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.problem.detail).toContain("redirect URIs");
    expect((await api(app, token, 'POST', '/clients', { name: 'y', type: 'service', requirePar: true })).problem.detail)
      .toContain('Pushed authorization requests go with the authorization_code grant.');
  });

  test("another organization's clients, and the operator's, are out of reach", async () => {
    const theirs = await app.services.admin.clients.create(other.context, { name: 'Theirs', type: 'service', redirectUris: [], postLogoutRedirectUris: [], adminApi: false });
    expect((await api(app, token, 'GET', `/clients/${theirs.client.clientId}`)).status).toBe(404);
    expect((await api(app, token, 'DELETE', `/clients/${theirs.client.clientId}`)).status).toBe(404);
    expect((await api(app, token, 'GET', '/clients/gotoassist')).status).toBe(404);
    expect((await api(app, token, 'POST', '/clients', { name: 'x', type: 'service', redirectUris: ['https://a.example/cb'] })).status).toBe(400);
  });
});

describe('the audit log', () => {
  test('records sign-ins and why they failed, with IP and browser', async () => {
    await signIn(rp, new TestBrowser({ headers: { 'user-agent': 'AuditTest/1.0' } }), acme.admin);
    await signInThroughForms(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), { ...acme.user, password: 'not the password' });
    await signInThroughForms(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), { email: 'nobody@acme.test', password: 'whatever it is' });

    const events = await api<AuditList>(app, token, 'GET', '/audit-events?category=sign_in');
    const [unknown, failed, succeeded] = events.body.items;
    expect(succeeded).toMatchObject({ type: 'sign_in.succeeded', outcome: 'success', userId: acme.admin.id, email: acme.admin.email, userAgent: 'AuditTest/1.0' });
    expect(succeeded!.ip).toMatch(/127\.0\.0\.1/);
    expect(succeeded!.details).toEqual({ amr: ['pwd'], method: 'password' });
    expect(failed).toMatchObject({ type: 'sign_in.failed', outcome: 'failure', reason: 'invalid_credentials', userId: acme.user.id });
    // An address with no account, in a domain Acme proved: Acme sees the attempt.
    expect(unknown).toMatchObject({ type: 'sign_in.failed', reason: 'invalid_credentials', userId: null, email: 'nobody@acme.test' });
    // Another organization sees none of it.
    const theirs = await api<AuditList>(app, (await serviceToken(app, other.context)).token, 'GET', '/audit-events?category=sign_in');
    expect(theirs.body.items).toEqual([]);
  });

  test('records password resets and administrator actions, with who did them', async () => {
    const browser = new TestBrowser();
    const forgot = await browser.navigate(`${app.issuer}/password/forgot`);
    await browser.submit(forgot.page, 'form[action="/password/forgot"]', { email: acme.user.email });
    const link = linkIn(await sink.next(acme.user.email), `${app.issuer}/password/reset?token=`);
    const reset = await browser.navigate(link);
    await browser.submit(reset.page, 'form[action="/password/reset"]', { password: 'a brand new password', confirm: 'a brand new password' });
    await app.services.admin.members.suspend(acme.context, acme.user.id);
    await app.services.admin.members.reactivate(acme.context, acme.user.id);

    const mine = await api<AuditList>(app, token, 'GET', `/audit-events?user=${acme.user.id}`);
    expect(mine.body.items.map((event) => event.type)).toEqual(expect.arrayContaining([
      'password.reset_requested', 'password.reset', 'account.suspended', 'account.reactivated',
    ]));
    const suspended = mine.body.items.find((event) => event.type === 'account.suspended')!;
    expect(suspended).toMatchObject({ userId: acme.user.id, actorId: acme.admin.id, actorEmail: acme.admin.email });
    const failures = await api<AuditList>(app, token, 'GET', '/audit-events?outcome=failure');
    expect(failures.body.items.every((event) => event.outcome === 'failure')).toBe(true);
    const future = await api<AuditList>(app, token, 'GET', '/audit-events?from=2999-01-01');
    expect(future.body.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const todays = await api<AuditList>(app, token, 'GET', `/audit-events?from=${today}&to=${today}`);
    expect(todays.body.total).toBeGreaterThan(0);
    expect((await api(app, token, 'GET', '/audit-events?from=yesterday')).status).toBe(400);
  });

  test('exports CSV, filtered the same way', async () => {
    const response = await api(app, token, 'GET', '/audit-events.csv?category=account');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="audit-log.csv"');
    const [header, ...rows] = response.text.trimEnd().split('\r\n');
    expect(header).toBe('occurred_at,type,outcome,reason,email,account_id,actor_email,actor_id,client_id,ip,user_agent,details');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((row) => row.split(',')[1]!.startsWith('account.'))).toBe(true);
  });

  test('an export of any length is streamed whole: 60,000 events, each once, newest first, ties included', async () => {
    const bigco = await createOrganization(app, 'Bigco', 'bigco.test');
    // Three events to each millisecond, so equal times fall across the thousand-row batches.
    await app.services.storage.database.sql.query(
      `INSERT INTO audit_events (id, occurred_at, type, outcome, organization_id, email)
       SELECT gen_random_uuid(), now() - interval '1 day' - (g / 3) * interval '1 millisecond', 'account.updated', 'success', $1, 'bulk' || g || '@bigco.test'
       FROM generate_series(1, 60000) AS g`, [bigco.organization.id]);
    // The token after the insert: the insert can take longer than the server keeps an idle connection (5 s),
    // and a fetch that reuses the connection just as the server closes it fails with ECONNRESET.
    const { token: bigToken } = await serviceToken(app, bigco.context);
    const response = await fetch(`${app.issuer}/admin/api/v1/audit-events.csv?category=account`, { headers: { authorization: `Bearer ${bigToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const rows = (await response.text()).trimEnd().split('\r\n').slice(1).map((row) => row.split(','));
    const bulk = rows.filter((row) => row[4]!.startsWith('bulk'));
    expect(bulk).toHaveLength(60000);
    expect(new Set(bulk.map((row) => row[4])).size).toBe(60000);
    const times = rows.map((row) => Date.parse(row[0]!));
    expect(times.every((time, index) => index === 0 || time <= times[index - 1]!)).toBe(true);
  });
});
