// /Groups of the SCIM service, with the membership changes Entra ID and Okta send (PATCH add to members,
// remove by members[value eq "ID"], excludedAttributes=members on look-ups), and the groups shown on a
// user (and in the Admin Center).
import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { openAdmin } from '../admin/admin-helpers.js';
import { entraUser, GROUP, organizationWithToken, PATCH_OP, type Scim } from './scim-helpers.js';

let app: TestApp;
let contoso: Awaited<ReturnType<typeof organizationWithToken>>;
let scim: Scim;
const users: string[] = [];

beforeAll(async () => {
  app = await createTestApp();
  contoso = await organizationWithToken(app, 'Contoso', 'contoso.test');
  scim = contoso.scim;
  for (const name of ['grace.hopper', 'alan.turing', 'ada.lovelace']) {
    users.push((await scim('POST', '/Users', entraUser(`${name}@contoso.test`, name))).body['id'] as string);
  }
});
afterAll(() => app?.close());

const memberIds = (group: Record<string, any>) => (group['members'] as { value: string }[]).map((member) => member.value).sort();

test('a group is created, found by displayName (without its members), and its members changed by PATCH', async () => {
  const created = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Support Engineers', externalId: 'g-1', members: [{ value: users[0] }] });
  expect(created.status).toBe(201);
  const id = created.body['id'] as string;
  expect(created.headers.get('location')).toBe(`${app.issuer}/scim/v2/Groups/${id}`);
  expect(memberIds(created.body)).toEqual([users[0]]);

  // Entra's look-up: any case, members left out.
  const found = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "support engineers"')}&excludedAttributes=members`);
  expect(found.body['totalResults']).toBe(1);
  expect(found.body['Resources'][0]).not.toHaveProperty('members');
  expect(found.body['Resources'][0]).toMatchObject({ id, displayName: 'Support Engineers' });

  // Entra adds with a capitalised op; Okta removes with a value filter.
  const added = await scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: users[1] }, { value: users[2] }] }] });
  expect(added.status).toBe(200);
  expect(memberIds(added.body)).toEqual([...users].sort());
  const removed = await scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${users[0]}"]` }] });
  expect(memberIds(removed.body)).toEqual([users[1], users[2]].sort());
  const renamed = await scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { displayName: 'Support' } }] });
  expect(renamed.body).toMatchObject({ displayName: 'Support', meta: { version: 'W/"4"' } });

  // The user shows the group.
  const user = await scim('GET', `/Users/${users[1]}`);
  expect(user.body['groups']).toEqual([{ value: id, display: 'Support', $ref: `${app.issuer}/scim/v2/Groups/${id}` }]);
  expect(await app.services.admin.scimGroupsOf(contoso.admin, users[1]!)).toEqual([{ id, displayName: 'Support' }]);

  // Okta's PUT replaces the whole group.
  const put = await scim('PUT', `/Groups/${id}`, { schemas: [GROUP], displayName: 'Support', members: [{ value: users[0] }] }, { 'if-match': 'W/"4"' });
  expect(memberIds(put.body)).toEqual([users[0]]);
  expect((await scim('GET', `/Groups/${id}?attributes=displayName`)).body).not.toHaveProperty('members');

  expect((await scim('DELETE', `/Groups/${id}`)).status).toBe(204);
  expect((await scim('GET', `/Groups/${id}`)).status).toBe(404);
  expect((await scim('GET', `/Users/${users[0]}`)).body).not.toHaveProperty('groups');
});

test("a group cannot hold someone who is not a user of the organization, nor be reached from another one", async () => {
  const stranger = await organizationWithToken(app, 'Fabrikam', 'fabrikam.test');
  const theirUser = (await stranger.scim('POST', '/Users', entraUser('dan.brown@fabrikam.test', 'f-1'))).body['id'] as string;
  const refused = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Mixed', members: [{ value: theirUser }] });
  expect(refused).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
  const ours = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Ours' });
  const id = ours.body['id'] as string;
  expect((await stranger.scim('GET', `/Groups/${id}`)).status).toBe(404);
  expect((await stranger.scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: theirUser }] }] })).status).toBe(404);
  expect((await stranger.scim('GET', '/Groups')).body['totalResults']).toBe(0);
});

test('the Admin Center shows a provisioned user as such, with their groups', async () => {
  const group = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Night Shift', members: [{ value: users[2] }] });
  expect(group.status).toBe(201);
  const adminEmail = 'it.admin@contoso.test';
  await app.services.accounts.create({ email: adminEmail, password: 'administers contoso' });
  await app.services.organizations.addMember(contoso.organization.id, adminEmail, true);
  const page = await openAdmin(app, new TestBrowser(), { email: adminEmail, password: 'administers contoso' }, `/admin/users/${users[2]}`);
  expect(page.page.document.querySelector('#provisioned')?.text).toContain('SCIM');
  expect(page.page.document.querySelectorAll('#groups li').map((item) => item.text.trim())).toEqual(['Night Shift']);
});
