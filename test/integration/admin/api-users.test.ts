// The organization's users through the Admin API: list and search, invite (and the invitee activates),
// suspend (ends sessions and tokens at once) and reactivate, administrators, two-step reset, sign out
// everywhere, remove; the last administrator stays; bad input is a 400 naming the field.
import type * as oidc from 'openid-client';
import type { z } from 'zod';

import type { listOf, userOut } from '../../../src/admin/admin-schemas.js';
import { totpCode } from '../../../src/mfa/totp.js';
import { TestBrowser } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, signIn, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import { askPasskeyOptions } from '../../helpers/passkey-pages.js';
import { SoftwareAuthenticator } from '../../helpers/software-authenticator.js';
import { linkIn, type SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { api, createOrganization, serviceToken, type Person, type TestOrganization } from './admin-helpers.js';

type User = z.infer<typeof userOut>;
type UserList = z.infer<ReturnType<typeof listOf<typeof userOut>>>;

const clock = new TestClock();
let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
let acme: TestOrganization;
let token: string;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed({ clock }));
  acme = await createOrganization(app, 'Acme', 'acme.test');
  ({ token } = await serviceToken(app, acme.context));
});
afterAll(() => closeTestbed({ app, sink }));

async function member(email: string, password: string): Promise<Person> {
  const account = await app.services.accounts.create({ email, password });
  await app.services.organizations.addMember(acme.organization.id, email, false);
  return { id: account.id, email, password };
}

test('search by name or email, any case, a page at a time', async () => {
  await member('carol.search@acme.test', 'carol search password');
  await member('100%_literal@acme.test', 'literal search password');
  const found = await api<UserList>(app, token, 'GET', '/users?search=CAROL');
  expect(found.body.items.map((user) => user.email)).toEqual(['carol.search@acme.test']);
  // LIKE's wildcards are taken literally.
  for (const wildcard of ['%', '_']) {
    const literal = await api<UserList>(app, token, 'GET', `/users?search=${encodeURIComponent(wildcard)}`);
    expect(literal.body.items.map((user) => user.email)).toEqual(['100%_literal@acme.test']);
  }
  const page = await api<UserList>(app, token, 'GET', '/users?perPage=2&page=2');
  expect(page.body).toMatchObject({ page: 2, perPage: 2, total: 4 });
  expect(page.body.items).toHaveLength(2);
});

test('invite: the invitee gets the activation email, activates, and is a user of the organization', async () => {
  const invited = await api<User>(app, token, 'POST', '/users', { email: 'Ivy@Acme.test', name: 'Ivy Invitee' });
  expect(invited.status).toBe(201);
  expect(invited.body).toMatchObject({ email: 'ivy@acme.test', name: 'Ivy Invitee', status: 'INVITED', admin: false });
  const first = await sink.next('ivy@acme.test');
  expect(first.text).toContain('Acme gave you access');

  const resent = await api<User>(app, token, 'POST', `/users/${invited.body.id}/resend-invite`);
  expect(resent.status).toBe(200);
  const mail = await sink.next('ivy@acme.test');
  const browser = new TestBrowser();
  const page = await browser.navigate(linkIn(mail, `${app.issuer}/activate?token=`));
  await browser.submit(page.page, 'form[action="/activate"]', { password: 'ivy chose this password', confirm: 'ivy chose this password' });
  expect((await api<User>(app, token, 'GET', `/users/${invited.body.id}`)).body.status).toBe('ACTIVE');
  expect((await api(app, token, 'POST', `/users/${invited.body.id}/resend-invite`)).status).toBe(409);
});

test('invite refuses an address that has an account outside the organization, and one already in it', async () => {
  await app.services.accounts.create({ email: 'outsider@elsewhere.test', password: 'outsider password' });
  const outsider = await api(app, token, 'POST', '/users', { email: 'outsider@elsewhere.test' });
  expect(outsider.status).toBe(409);
  expect(outsider.problem.detail).toContain('outside your organization');
  const again = await api(app, token, 'POST', '/users', { email: acme.user.email });
  expect(again.status).toBe(409);
  // An account in a domain the organization proved, without an organization, joins it.
  await app.services.accounts.create({ email: 'loner@acme.test', password: 'loner password here' });
  const loner = await api<User>(app, token, 'POST', '/users', { email: 'loner@acme.test' });
  expect(loner.status).toBe(201);
  expect(loner.body.status).toBe('ACTIVE');
});

test('bad input is a 400 problem naming each field; never a 500', async () => {
  const wrongType = await api(app, token, 'POST', '/users', { email: 5, admin: 'yes' });
  expect(wrongType.status).toBe(400);
  expect(wrongType.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(wrongType.problem.errors!.map((error) => error.field).sort()).toEqual(['admin', 'email']);
  const unknownField = await api(app, token, 'POST', '/users', { email: 'x@acme.test', role: 'owner' });
  expect(unknownField.status).toBe(400);
  const notAnEmail = await api(app, token, 'POST', '/users', { email: 'not an email' });
  expect(notAnEmail.status).toBe(400);
  expect(notAnEmail.problem.detail).toContain('email address');
  expect((await api(app, token, 'POST', '/users', '{"email": ', {})).status).toBe(400);
  expect((await api(app, token, 'POST', '/users', 'email=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  const perPage = await api(app, token, 'GET', '/users?perPage=1000');
  expect(perPage.problem.errors![0]!.field).toBe('perPage');
  expect((await api(app, token, 'GET', '/users/not-a-uuid')).status).toBe(404);
  expect((await api(app, token, 'PUT', `/users/${acme.user.id}/admin`, [])).status).toBe(400);
});

test('suspend: the user cannot sign in, and their session and tokens end at once; reactivate lets them in again', async () => {
  const dave = await member('dave@acme.test', 'dave password here');
  const browser = new TestBrowser();
  const { tokens } = await signIn(rp, browser, { ...dave, remember: true }, { scope: 'openid email offline_access', prompt: 'consent' });
  const suspended = await api<User>(app, token, 'POST', `/users/${dave.id}/suspend`);
  expect(suspended.body.status).toBe('SUSPENDED');

  const userinfo = await fetch(`${app.issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  expect(userinfo.status).toBe(401);
  const { refreshTokenGrant } = await import('openid-client');
  await expect(refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  // The browser's session is gone: it is asked to sign in, and the right password says why it cannot.
  const again = await signInThroughForms(browser, (await authorizationRequest(rp)).url.toString(), dave);
  expect(again.page.status).toBe(403);
  expect(again.page.document.querySelector('[role="alert"]')?.text).toContain('This account is suspended');
  // A wrong password says nothing about it.
  const wrong = await signInThroughForms(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), { ...dave, password: 'wrong password' });
  expect(wrong.page.document.querySelector('[role="alert"]')?.text).not.toContain('suspended');

  expect((await api(app, token, 'POST', `/users/${dave.id}/suspend`)).status).toBe(409);
  expect((await api<User>(app, token, 'POST', `/users/${dave.id}/reactivate`)).body.status).toBe('ACTIVE');
  await signIn(rp, new TestBrowser(), dave);
});

test('the last active administrator cannot be demoted, suspended or removed; an administrator cannot remove themselves', async () => {
  const demote = await api(app, token, 'PUT', `/users/${acme.admin.id}/admin`, { admin: false });
  expect(demote.status).toBe(409);
  expect(demote.problem.type).toBe('urn:gotoassist:admin-api:problem:last_admin');
  expect((await api(app, token, 'POST', `/users/${acme.admin.id}/suspend`)).status).toBe(409);
  expect((await api(app, token, 'DELETE', `/users/${acme.admin.id}`)).status).toBe(409);

  const erin = await member('erin@acme.test', 'erin password here');
  expect((await api<User>(app, token, 'PUT', `/users/${erin.id}/admin`, { admin: true })).body.admin).toBe(true);
  expect((await api<User>(app, token, 'PUT', `/users/${acme.admin.id}/admin`, { admin: false })).body.admin).toBe(false);
  await expect(app.services.admin.members.remove({ ...acme.context, actor: { id: erin.id, email: erin.email } }, erin.id))
    .rejects.toMatchObject({ code: 'not_on_yourself' });
  expect((await api<User>(app, token, 'PUT', `/users/${acme.admin.id}/admin`, { admin: true })).body.admin).toBe(true);
});

test('reset two-step verification: the user signs in with the password alone and can set it up again', async () => {
  const fay = await member('fay@acme.test', 'fay password here');
  const account = (await app.services.accountRepository.findById(fay.id))!;
  const { secret } = await app.services.twoStep.enrolment(account);
  await app.services.twoStep.confirm(account, await totpCode(secret, clock.now()));
  expect((await api<User>(app, token, 'GET', `/users/${fay.id}`)).body.twoStepEnabled).toBe(true);
  const reset = await api<User>(app, token, 'POST', `/users/${fay.id}/reset-two-step`);
  expect(reset.body.twoStepEnabled).toBe(false);
  const { tokens } = await signIn(rp, new TestBrowser(), fay);
  expect(tokens.claims()!.amr).toEqual(['pwd']);
  expect((await api(app, token, 'POST', `/users/${fay.id}/reset-two-step`)).status).toBe(409);
});

test("remove passkeys (a lost device): the user's passkey no longer signs in, and their password still does", async () => {
  const kim = await member('kim@acme.test', 'kim password here');
  const device = new SoftwareAuthenticator(app.issuer, new URL(app.issuer).hostname);
  const browser = new TestBrowser();
  await signInThroughForms(browser, `${app.issuer}/account`, kim);
  const { page } = await browser.navigate(`${app.issuer}/account/passkeys/add`);
  const added = await browser.submit(page, 'form[data-passkey]', {
    name: 'Lost phone', response: JSON.stringify(device.create((await askPasskeyOptions(browser, page)).options)),
  });
  expect(added.page.body).toContain('Your passkey was added');
  expect((await api<User>(app, token, 'GET', `/users/${kim.id}`)).body.passkeys).toBe(1);

  const removed = await api<User>(app, token, 'POST', `/users/${kim.id}/remove-passkeys`);
  expect(removed.status).toBe(200);
  expect(removed.body.passkeys).toBe(0);
  const attempt = new TestBrowser();
  const { page: start } = await attempt.navigate((await authorizationRequest(rp)).url.toString());
  const refused = await attempt.submit(start, 'form[data-passkey]', {
    response: JSON.stringify(device.get((await askPasskeyOptions(attempt, start)).options)),
  }, { stopAt: toCallback });
  expect(refused.stoppedAt).toBeUndefined();
  expect(refused.page.document.querySelector('#passkey-error')?.textContent).toMatch(/^That passkey is not on any account here/);
  expect((await signIn(rp, new TestBrowser(), kim)).tokens.claims()!.amr).toEqual(['pwd']);
  expect((await api(app, token, 'POST', `/users/${kim.id}/remove-passkeys`)).status).toBe(409);
});

test('sign out everywhere ends every session of the user', async () => {
  const gus = await member('gus@acme.test', 'gus password here');
  const browser = new TestBrowser();
  await signIn(rp, browser, { ...gus, remember: true });
  expect((await api(app, token, 'POST', `/users/${gus.id}/sign-out`)).status).toBe(204);
  const next = await browser.navigate((await authorizationRequest(rp)).url.toString());
  expect(next.page.document.querySelector('form[action$="/login/identifier"]')).not.toBeNull();
});

test('remove: the account is gone and cannot sign in', async () => {
  const hal = await member('hal@acme.test', 'hal password here');
  expect((await api(app, token, 'DELETE', `/users/${hal.id}`)).status).toBe(204);
  expect(await app.services.accountRepository.findById(hal.id)).toBeUndefined();
  expect((await api(app, token, 'GET', `/users/${hal.id}`)).status).toBe(404);
});
