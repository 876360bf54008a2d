// What one SCIM request costs in round trips: provisioning agents poll (Entra ID every 40 minutes, for each
// user in scope), so the requests they repeat are pinned here; a change that adds a read shows up.
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { roundTrips } from '../../helpers/round-trips.js';
import { storageMode } from '../../helpers/test-storage.js';
import { entraUser, GROUP, organizationWithToken, PATCH_OP, type Scim } from './scim-helpers.js';

let app: TestApp;
let scim: Scim;
let userId: string;
let groupId: string;
const email = 'rita.round@fabrikam.test';

beforeAll(async () => {
  app = await createTestApp();
  ({ scim } = await organizationWithToken(app, 'Fabrikam', 'fabrikam.test'));
  userId = (await scim('POST', '/Users', entraUser(email, 'ext-rt-1'))).body['id'];
  groupId = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Round trippers' })).body['id'];
  // The token's last use is written at most once a minute: the first request wrote it.
});
afterAll(() => app?.close());

const ok = (expected: number) => async (answer: Promise<{ status: number }>) => {
  const { status } = await answer;
  if (status !== expected) {
    throw new Error(`SCIM answered ${status}, not ${expected}`);
  }
};

test('the requests an agent repeats: look a user up, read it, patch it, read a group, add and remove a member', async () => {
  const trips = {
    lookUp: await roundTrips(app, 3, () => ok(200)(scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`))),
    read: await roundTrips(app, 3, () => ok(200)(scim('GET', `/Users/${userId}`))),
    patch: await roundTrips(app, 3, () => ok(200)(scim('PATCH', `/Users/${userId}`, {
      schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'title', value: 'Engineer' }],
    }))),
    readGroup: await roundTrips(app, 3, () => ok(200)(scim('GET', `/Groups/${groupId}?excludedAttributes=members`))),
    membership: await roundTrips(app, 2, async () => {
      for (const op of ['add', 'remove']) {
        await ok(200)(scim('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_OP], Operations: [op === 'add' ? { op, path: 'members', value: [{ value: userId }] } : { op, path: `members[value eq "${userId}"]` }],
        }));
      }
    }),
  };
  expect(trips).toEqual({
    // The token (one statement; its last use is written at most once a minute), the rate limit (store), and
    // the member with its account, SCIM record and groups: Prisma reads each relation with a statement of
    // its own (its relationJoins preview would fold them into one).
    lookUp: { store: 2, database: 6 },
    read: { store: 2, database: 6 },
    // The read, the userName's uniqueness, the write with its version check, the audit event, the read back.
    patch: { store: 2, database: 14 },
    readGroup: { store: 2, database: 5 },
    // Two requests: each group write is a transaction, whose BEGIN and COMMIT the pg driver sends as
    // statements (two more than on PGlite).
    membership: { store: 4, database: storageMode() === 'external' ? 28 : 26 },
  });
});
