// /Users of the SCIM service, driven with the requests Microsoft Entra ID's and Okta's provisioning agents
// send (their bodies, their quirks: capitalised ops, "False" as a string, no path, value filters), and
// what a demanding agent expects back: discovery, filters with RFC 7643's case rules, pagination, ETags,
// and errors in RFC 7644's form, never a 500 and never another organization's user.
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { ENTERPRISE, entraUser, organizationWithToken, PATCH_OP, scimClient, USER, type Scim } from './scim-helpers.js';

let app: TestApp;
let contoso: Awaited<ReturnType<typeof organizationWithToken>>;
let scim: Scim;

beforeAll(async () => {
  app = await createTestApp();
  contoso = await organizationWithToken(app, 'Contoso', 'contoso.test');
  scim = contoso.scim;
});
afterAll(() => app?.close());

const member = async (email: string) => {
  const account = await app.services.accountRepository.findByEmail(email);
  const membership = account ? await app.services.organizationRepository.membership(account.id) : undefined;
  return { account, membership };
};

test('discovery: what the service supports, its resource types and schemas', async () => {
  const config = await scim('GET', '/ServiceProviderConfig');
  expect(config.status).toBe(200);
  expect(config.headers.get('content-type')).toContain('application/scim+json');
  expect(config.body).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 200 }, etag: { supported: true },
    bulk: { supported: false }, authenticationSchemes: [{ type: 'oauthbearertoken' }] });
  const types = await scim('GET', '/ResourceTypes');
  expect(types.body['Resources'].map((type: { id: string }) => type.id)).toEqual(['User', 'Group']);
  expect(types.body['Resources'][0]).toMatchObject({ endpoint: '/Users', schema: USER, schemaExtensions: [{ schema: ENTERPRISE, required: false }] });
  const schemas = await scim('GET', '/Schemas');
  const user = schemas.body['Resources'].find((schema: { id: string }) => schema.id === USER);
  expect(user.attributes.find((attribute: { name: string }) => attribute.name === 'userName')).toMatchObject({ required: true, caseExact: false, uniqueness: 'server' });
  expect((await scim('GET', `/Schemas/${ENTERPRISE}`)).status).toBe(200);
});

test('without a token, with a wrong or revoked one: 401 in SCIM form', async () => {
  const expectUnauthorized = async (client: Scim) => {
    const answer = await client('GET', '/Users');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('Bearer');
    expect(answer.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
  };
  await expectUnauthorized(scimClient(app, undefined));
  await expectUnauthorized(scimClient(app, `scim_${'x'.repeat(43)}`));
  const spare = await app.services.admin.scimTokens.create(contoso.admin, 'spare');
  expect((await scimClient(app, spare.secret)('GET', '/Users')).status).toBe(200);
  await app.services.admin.scimTokens.revoke(contoso.admin, spare.token.id);
  await expectUnauthorized(scimClient(app, spare.secret));
});

test("Entra ID's sequence: look up, create, read, patch attributes, deactivate, reactivate, delete", async () => {
  const email = 'alice.liddell@contoso.test';
  // Entra looks the user up first, by its matching attribute.
  const lookup = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`);
  expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });

  const created = await scim('POST', '/Users', entraUser(email, 'E-1001'));
  expect(created.status).toBe(201);
  const id = created.body['id'] as string;
  expect(created.headers.get('location')).toBe(`${app.issuer}/scim/v2/Users/${id}`);
  expect(created.headers.get('etag')).toBe('W/"1"');
  expect(created.body).toMatchObject({
    schemas: [USER, ENTERPRISE], userName: email, externalId: 'E-1001', active: true, displayName: 'alice liddell',
    [ENTERPRISE]: { department: 'Support' }, meta: { resourceType: 'User', version: 'W/"1"' },
  });
  // A member of Contoso with no password: they sign in with the company's identity provider.
  const { account, membership } = await member(email);
  expect(account).toMatchObject({ id, status: 'ACTIVE', passwordHash: null, emailVerified: true, name: 'alice liddell' });
  expect(membership?.organizationId).toBe(contoso.organization.id);

  // userName compares without case; externalId exactly.
  const byName = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ALICE.Liddell@Contoso.test"')}`);
  expect(byName.body['Resources'].map((user: { id: string }) => user.id)).toEqual([id]);
  expect((await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "E-1001"')}`)).body['totalResults']).toBe(1);
  expect((await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "e-1001"')}`)).body['totalResults']).toBe(0);
  expect((await scim('GET', `/Users/${id}`)).body['userName']).toBe(email);

  // Entra's PATCH: capitalised ops, a value filter, the enterprise extension by its URN.
  const patched = await scim('PATCH', `/Users/${id}`, {
    schemas: [PATCH_OP],
    Operations: [
      { op: 'Replace', path: 'displayName', value: 'Alice Pleasance Liddell' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'alice@contoso.test' },
      { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Research' },
      { op: 'Add', path: 'title', value: 'Lead engineer' },
    ],
  });
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({ displayName: 'Alice Pleasance Liddell', title: 'Lead engineer', [ENTERPRISE]: { department: 'Research' },
    emails: [{ value: 'alice@contoso.test', type: 'work', primary: true }], meta: { version: 'W/"2"' } });
  expect((await app.services.accountRepository.findById(id))).toMatchObject({ email: 'alice@contoso.test', name: 'Alice Pleasance Liddell' });

  // Entra deactivates with the string "False".
  const off = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
  expect(off.body['active']).toBe(false);
  expect((await app.services.accountRepository.findById(id))?.status).toBe('SUSPENDED');
  const on = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
  expect(on.body['active']).toBe(true);
  expect((await app.services.accountRepository.findById(id))?.status).toBe('ACTIVE');

  const events = await app.services.storage.database.sql.query<{ type: string; details: { tokenId: string } }>(
    "SELECT type, details FROM audit_events WHERE account_id = $1 AND type LIKE 'scim.%' ORDER BY occurred_at", [id]);
  expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['scim.user_created', 'scim.user_updated', 'scim.user_deactivated', 'scim.user_reactivated']));
  expect(events.every((event) => event.details.tokenId === contoso.token.id)).toBe(true);

  expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
  expect((await scim('GET', `/Users/${id}`)).status).toBe(404);
  expect(await app.services.accountRepository.findById(id)).toBeUndefined();
});

test("Okta's sequence: look up with paging, create, replace (PUT), deactivate with a path-less replace", async () => {
  const email = 'bob.builder@contoso.test';
  const lookup = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`);
  expect(lookup.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0 });
  const created = await scim('POST', '/Users', {
    schemas: [USER], userName: email, name: { givenName: 'Bob', familyName: 'Builder' },
    emails: [{ primary: true, value: email, type: 'work' }], displayName: 'Bob Builder', locale: 'en-US', externalId: '00u1abcd', groups: [],
    password: 'never kept', active: true,
  });
  expect(created.status).toBe(201);
  const id = created.body['id'] as string;
  expect(created.body).not.toHaveProperty('password');
  expect((await app.services.accountRepository.findById(id))?.passwordHash).toBeNull();

  const replaced = await scim('PUT', `/Users/${id}`, { ...created.body, name: { givenName: 'Robert', familyName: 'Builder' }, displayName: 'Robert Builder' },
    { 'if-match': 'W/"1"' });
  expect(replaced.status).toBe(200);
  expect(replaced.body).toMatchObject({ displayName: 'Robert Builder', meta: { version: 'W/"2"' } });
  // A write with a version that is no longer current is refused.
  const stale = await scim('PUT', `/Users/${id}`, { ...created.body, displayName: 'Bobby' }, { 'if-match': 'W/"1"' });
  expect(stale.status).toBe(412);

  const off = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
  expect(off.status).toBe(200);
  expect(off.body['active']).toBe(false);
  const inactive = await scim('GET', `/Users?filter=${encodeURIComponent('active eq false and userName sw "bob"')}`);
  expect(inactive.body['Resources'].map((user: { id: string }) => user.id)).toEqual([id]);
});

test('a member invited before provisioning is found by userName and taken over', async () => {
  const email = 'carol.danvers@contoso.test';
  const invited = await app.services.admin.members.invite(contoso.admin, { email, name: 'Carol' });
  const lookup = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`);
  expect(lookup.body['Resources']).toEqual([expect.objectContaining({ id: invited.accountId, userName: email, active: true })]);
  const taken = await scim('POST', '/Users', entraUser(email, 'E-2002'));
  expect(taken.status).toBe(201);
  expect(taken.body['id']).toBe(invited.accountId);
  expect((await scim('POST', '/Users', entraUser(email, 'E-2002'))).status).toBe(409);
});

test('pagination: startIndex and count over the whole list', async () => {
  for (const n of [1, 2, 3, 4, 5]) {
    expect((await scim('POST', '/Users', entraUser(`page.user${n}@contoso.test`, `P-${n}`))).status).toBe(201);
  }
  const all = await scim('GET', '/Users');
  const total = all.body['totalResults'] as number;
  expect(total).toBeGreaterThanOrEqual(5);
  const page = await scim('GET', '/Users?startIndex=2&count=2');
  expect(page.body).toMatchObject({ totalResults: total, startIndex: 2, itemsPerPage: 2 });
  expect(page.body['Resources'].map((user: { id: string }) => user.id)).toEqual(all.body['Resources'].slice(1, 3).map((user: { id: string }) => user.id));
  const filtered = await scim('GET', `/Users?filter=${encodeURIComponent('userName sw "page.user"')}&startIndex=4&count=10`);
  expect(filtered.body).toMatchObject({ totalResults: 5, startIndex: 4, itemsPerPage: 2 });
  const none = await scim('GET', '/Users?count=0');
  expect(none.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
  const projected = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "page.user1@contoso.test"')}&attributes=userName`);
  expect(Object.keys(projected.body['Resources'][0]).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
});

test("another organization's users are not there: 404, and no filter finds them", async () => {
  const fabrikam = await organizationWithToken(app, 'Fabrikam', 'fabrikam.test');
  const theirs = await fabrikam.scim('POST', '/Users', entraUser('dave.smith@fabrikam.test', 'F-1'));
  expect(theirs.status).toBe(201);
  const id = theirs.body['id'] as string;
  expect((await scim('GET', `/Users/${id}`)).status).toBe(404);
  expect((await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] })).status).toBe(404);
  expect((await scim('DELETE', `/Users/${id}`)).status).toBe(404);
  expect((await scim('GET', `/Users?filter=${encodeURIComponent(`id eq "${id}"`)}`)).body['totalResults']).toBe(0);
  // Nor can Contoso create users in Fabrikam's domain.
  const outside = await scim('POST', '/Users', entraUser('eve.smith@fabrikam.test', 'X-1'));
  expect(outside).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
  expect((await app.services.accountRepository.findById(id))?.status).toBe('ACTIVE');
});

test('bad requests get RFC 7644 errors, never a 500', async () => {
  const error = (answer: { status: number; body: Record<string, unknown> }, status: number, scimType?: string) => {
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), ...(scimType ? { scimType } : {}) });
  };
  error(await scim('GET', `/Users?filter=${encodeURIComponent('userName eq')}`), 400, 'invalidFilter');
  error(await scim('GET', '/Users?startIndex=one'), 400, 'invalidValue');
  error(await scim('POST', '/Users', { schemas: [USER] }), 400, 'invalidValue');
  error(await scim('POST', '/Users', { schemas: [USER], userName: 'not-an-email' }), 400, 'invalidValue');
  error(await scim('POST', '/Users', '{"schemas": ['), 400, 'invalidSyntax');
  error(await scim('POST', '/Users', 'userName=x', { 'content-type': 'text/plain' }), 415);
  error(await scim('POST', '/Users', { ...entraUser('big.body@contoso.test', 'B-1'), title: 'x'.repeat(300_000) }), 413);
  error(await scim('GET', '/Users/not-a-uuid'), 404);
  error(await scim('GET', '/Users/00000000-0000-4000-8000-000000000000'), 404);
  error(await scim('GET', '/Widgets'), 404);
  const notHere = await scim('DELETE', '/Users');
  error(notHere, 405);
  expect(notHere.headers.get('allow')).toBe('HEAD, GET, POST');
  const notOnOne = await scim('POST', '/Groups/00000000-0000-4000-8000-000000000000', { schemas: [USER] });
  error(notOnOne, 405);
  expect(notOnOne.headers.get('allow')).toBe('HEAD, GET, PUT, PATCH, DELETE');
  const created = await scim('POST', '/Users', entraUser('frank.ocean@contoso.test', 'E-3003'));
  const id = created.body['id'] as string;
  error(await scim('POST', '/Users', entraUser('frank.ocean@contoso.test', 'E-3004')), 409, 'uniqueness');
  error(await scim('PATCH', `/Users/${id}`, { Operations: [{ op: 'replace', path: 'title', value: 'x' }] }), 400, 'invalidSyntax');
  error(await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'move', path: 'title', value: 'x' }] }), 400);
  error(await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'id', value: 'mine' }] }), 400, 'mutability');
  error(await scim('DELETE', `/Users/${id}`, undefined, { 'if-match': 'W/"9"' }), 412);
  error(await scim('PUT', `/Users/${id}`, entraUser('frank.ocean@contoso.test', 'E-3003'), { 'if-match': 'garbage' }), 412);
});

test('each token has a quota: past it, 429 with Retry-After', async () => {
  const limited = await createTestApp({ env: { SCIM_RATE_LIMIT: '3' } });
  try {
    const { scim: client } = await organizationWithToken(limited, 'Limited', 'limited.test');
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      const answer = await client('GET', '/ServiceProviderConfig');
      statuses.push(answer.status);
      if (answer.status === 429) {
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(answer.body).toMatchObject({ status: '429' });
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  } finally {
    await limited.close();
  }
});
