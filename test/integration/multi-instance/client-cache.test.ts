// Instances keep clients in memory for speed; a change made on one instance reaches the others at once
// through Redis, so a replaced secret stops working everywhere.
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { createExternalStorage, type ExternalStorage } from '../../helpers/test-storage.js';
import { testSecrets } from '../../helpers/test-secrets.js';

let storage: ExternalStorage;
let first: TestApp;
let second: TestApp;

beforeAll(async () => {
  storage = await createExternalStorage();
  const env = testSecrets();
  first = await createTestApp({ external: storage, env });
  second = await createTestApp({ external: storage, env });
});
afterAll(async () => {
  await first.close();
  await second.close();
  await storage.drop();
});

const tokenStatus = async (app: TestApp, secret: string) => (await fetch(`${app.issuer}/token`, {
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: `Basic ${Buffer.from(`service:${secret}`).toString('base64')}`,
  },
  body: 'grant_type=client_credentials',
})).status;

test('a client secret replaced on one instance is refused on the other at once', async () => {
  const oldSecret = 'o'.repeat(40);
  const newSecret = 'n'.repeat(40);
  const client = { clientId: 'service', redirectUris: [], grantTypes: ['client_credentials'] };
  await first.services.clients.create({ ...client, secret: oldSecret });
  expect(await tokenStatus(second, oldSecret)).toBe(200); // now in the second instance's cache

  const { buildClient } = await import('../../../src/clients/client-registry.js');
  await first.services.clientRepository.upsert(buildClient({ ...client, secret: newSecret }));
  let status = 200;
  for (let attempt = 0; attempt < 20 && status === 200; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    status = await tokenStatus(second, oldSecret);
  }
  expect(status).toBe(401);
  expect(await tokenStatus(second, newSecret)).toBe(200);
});
