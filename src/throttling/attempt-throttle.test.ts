import { openEmbeddedStore, type EmbeddedStore } from '../../test/helpers/embedded-store.js';
import { createAttemptThrottle, type ThrottlePolicy } from './attempt-throttle.js';

const policy: ThrottlePolicy = {
  consecutive: { max: 6, windowSeconds: 3600, blockSeconds: 900 },
  delay: { after: 3, maxSeconds: 30 },
  perSubject: { max: 10, windowSeconds: 3600, blockSeconds: 900 },
  perIp: { max: 15, windowSeconds: 3600, blockSeconds: 3600 },
};

let embedded: EmbeddedStore;
beforeAll(async () => {
  embedded = await openEmbeddedStore();
});
afterAll(() => embedded.close());

async function throttle() {
  return createAttemptThrottle(embedded.store, `test-${Math.random()}`, policy);
}

test('the first failures cost nothing; then each next attempt waits longer; then a block', async () => {
  const t = await throttle();
  const waits: number[] = [];
  for (let i = 1; i <= 5; i += 1) {
    const { verdict, blockStarted } = await t.fail('ada@example.com', '10.0.0.1');
    expect(blockStarted).toBe(false);
    waits.push(verdict.allowed ? 0 : verdict.retryAfterSeconds);
  }
  expect(waits).toEqual([0, 0, 1, 2, 4]);
  const sixth = await t.fail('ada@example.com', '10.0.0.1');
  expect(sixth.blockStarted).toBe(true);
  expect(sixth.verdict).toMatchObject({ allowed: false, blocked: true });
  expect(sixth.verdict.retryAfterSeconds).toBeGreaterThan(890);
  expect((await t.fail('ada@example.com', '10.0.0.1')).blockStarted).toBe(false);
});

test('a block on one network leaves the owner free on another', async () => {
  const t = await throttle();
  for (let i = 0; i < 6; i += 1) {
    await t.fail('ada@example.com', '10.0.0.1');
  }
  expect((await t.check('ada@example.com', '10.0.0.1')).blocked).toBe(true);
  expect(await t.check('ada@example.com', '192.168.1.7')).toEqual({ allowed: true, retryAfterSeconds: 0, blocked: false });
  expect((await t.check('grace@example.com', '10.0.0.1')).allowed).toBe(true);
});

test('failures spread over many networks reach the slower limit of the subject alone', async () => {
  const t = await throttle();
  let started = 0;
  for (let i = 0; i < 10; i += 1) {
    if ((await t.fail('ada@example.com', `10.0.1.${i}`)).blockStarted) {
      started += 1;
    }
  }
  expect(started).toBe(1);
  expect((await t.check('ada@example.com', '172.16.0.1')).blocked).toBe(true);
});

test('many subjects from one IP reach the limit of the IP alone', async () => {
  const t = await throttle();
  for (let i = 0; i < 15; i += 1) {
    await t.fail(`user${i}@example.com`, '10.9.9.9');
  }
  expect((await t.check('new@example.com', '10.9.9.9')).blocked).toBe(true);
  expect((await t.check('new@example.com', '10.9.9.10')).allowed).toBe(true);
});

test('a success clears the consecutive count and the delay', async () => {
  const t = await throttle();
  for (let i = 0; i < 4; i += 1) {
    await t.fail('ada@example.com', '10.0.0.1');
  }
  expect((await t.check('ada@example.com', '10.0.0.1')).allowed).toBe(false);
  await t.succeed('ada@example.com', '10.0.0.1');
  expect((await t.check('ada@example.com', '10.0.0.1')).allowed).toBe(true);
  const next = await t.fail('ada@example.com', '10.0.0.1');
  expect(next.verdict.allowed).toBe(true);
});
