// Instance loss: two server processes on one PostgreSQL and one Redis behind a round-robin balancer that
// fails over as nginx does (a refused or broken connection passes the backend over; a request is resent
// elsewhere unless it was a POST already sent). Under mixed traffic (token requests and whole password
// sign-ins through the pages), one instance is killed with SIGKILL:
// - the survivor answers everything after the kill, and no response anywhere is a 500;
// - the only failures are POSTs that were inside the dead process (the balancer's 502, at most one per
//   client); a person shown that error on a sign-in page presses the button again and is signed in; a
//   resumed authorization request the balancer sends again completes; every sign-in begun after the kill
//   completes;
// - every sign-in that completed has its audit row (none lost with the process; a step run twice because
//   the first died after writing its row has two).
// It prints its figures.
import pg from 'pg';

import { TestBrowser, type NavigateOptions, type Outcome, type Page } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { killed, runCli, startServerProcess, type ServerProcess } from '../helpers/processes.js';
import { CALLBACK, clientCredentialsRequest, discover, signIn } from '../helpers/relying-party.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy.js';
import { createExternalStorage, type ExternalStorage } from '../helpers/test-storage.js';
import { testSecrets } from '../helpers/test-secrets.js';
import { countStatuses, sleep, startLoad } from './helpers/load.js';

const people = Array.from({ length: 4 }, (_, i) => ({ email: `twin${i}@instances.test`, password: `instance loss person ${i}` }));
const app = { clientId: 'instances-app', secret: 'a'.repeat(40), redirectUri: CALLBACK };
const machine = { clientId: 'instances-machine', secret: 'm'.repeat(40) };
const SIGN_IN_LOOPS = 3;
const TOKEN_LOOPS = 2;

let storage: ExternalStorage;
let instances: ServerProcess[] = [];
let ports: number[];
let balancer: RoundRobinProxy;
let issuer: string;

beforeAll(async () => {
  storage = await createExternalStorage();
  const balancerPort = await freePort();
  issuer = `http://127.0.0.1:${balancerPort}`;
  ports = [await freePort(), await freePort()];
  const env = { ...storage.env, ...testSecrets(), ISSUER: issuer, HOST: '127.0.0.1' };
  instances = [];
  for (const port of ports) {
    instances.push(await startServerProcess({ ...env, PORT: String(port) }));
  }
  balancer = await startRoundRobinProxy(balancerPort, ports, { failover: true });
  const cli = async (...args: string[]) => expect((await runCli(args, env)).code).toBe(0);
  for (const person of people) {
    await cli('user:create', '--email', person.email, '--password', person.password);
  }
  await cli('client:create', '--id', app.clientId, '--secret', app.secret, '--redirect-uri', CALLBACK, '--grant', 'authorization_code');
  await cli('client:create', '--id', machine.clientId, '--secret', machine.secret, '--grant', 'client_credentials');
}, 120_000);
afterAll(async () => {
  await balancer?.close();
  await Promise.all(instances.map((instance) => instance.stop()));
  await storage?.drop();
});

const tokenRequest = (signal: AbortSignal) => clientCredentialsRequest(issuer, machine, { signal });

interface SignInOutcome { readonly start: number; readonly end: number; readonly error?: string }

/** A person who, shown the balancer's error after pressing a button, presses it again (once). */
class PersonAtTheBrowser extends TestBrowser {
  static pressedAgain = 0;

  override async submit(page: Page, selector: string, fields: Record<string, string> = {}, options: NavigateOptions = {}): Promise<Outcome> {
    const outcome = await super.submit(page, selector, fields, options);
    if (outcome.page.status !== 502) {
      return outcome;
    }
    PersonAtTheBrowser.pressedAgain += 1;
    return super.submit(page, selector, fields, options);
  }
}

/** The first line of the error, with the HTTP status that caused it when openid-client keeps the response. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause = error.cause;
  const status = cause instanceof Response ? ` (${cause.status})` : '';
  // An error page: what it tells the application's developers.
  const detail = /<p><code>([^<]+)<\/code>: ([^<]+)<\/p>/.exec(error.message);
  return `${error.message.split('\n')[0]}${status}${detail ? ` ${detail[1]}: ${detail[2]}` : ''}`;
}

async function signInsDuring(ms: number, now: () => number): Promise<SignInOutcome[]> {
  const rp = await discover({ issuer }, app);
  const outcomes: SignInOutcome[] = [];
  const stopAt = now() + ms;
  await Promise.all(Array.from({ length: SIGN_IN_LOOPS }, async (_, loop) => {
    for (let i = loop; now() < stopAt; i += SIGN_IN_LOOPS) {
      const start = now();
      try {
        await signIn(rp, new PersonAtTheBrowser(), { ...people[i % people.length]!, consent: true });
        outcomes.push({ start, end: now() });
      } catch (error) {
        outcomes.push({ start, end: now(), error: describeFailure(error) });
      }
    }
  }));
  return outcomes;
}

async function signInRows(): Promise<number> {
  const client = new pg.Client({ connectionString: storage.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      "SELECT count(*) FROM audit_events WHERE type = 'sign_in.succeeded' AND email LIKE '%@instances.test'");
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

test('an instance killed under load: the survivor serves everything after it, no 500, no sign-in lost that completed', async () => {
  const rowsBefore = await signInRows();
  const tokens = startLoad(tokenRequest, TOKEN_LOOPS);
  const attemptsBefore = balancer.served.length;
  const signIns = signInsDuring(9000, tokens.now);
  await sleep(3000);
  const killedAt = tokens.now();
  await killed(instances[0]!.child);
  const outcomes = await signIns;
  await tokens.stop();

  const attempts = balancer.served.slice(attemptsBefore);
  const answered = attempts.filter((attempt) => attempt.status !== 502);
  const broken = attempts.filter((attempt) => attempt.status === 502);
  const failedSignIns = outcomes.filter((outcome) => outcome.error);
  const afterKill = outcomes.filter((outcome) => outcome.start > killedAt + 100);
  const rows = (await signInRows()) - rowsBefore;
  const completed = outcomes.length - failedSignIns.length;
  const clientSaw502 = tokens.outcomes.filter((outcome) => outcome.status === 502).length;
  console.log(`Instance killed ${(killedAt / 1000).toFixed(1)} s into mixed load: token requests ${JSON.stringify(countStatuses(tokens.outcomes))}; `
    + `sign-ins ${completed} completed, ${failedSignIns.length} failed ${JSON.stringify(failedSignIns.map((outcome) => outcome.error))}; `
    + `${attempts.length} attempts at a backend, ${broken.length} broken (${broken.map((attempt) => `${attempt.method} ${attempt.path.split('?')[0]}`).join(', ')}); `
    + `${rows} sign-in audit rows; a sign-in page's button pressed again after a 502: ${PersonAtTheBrowser.pressedAgain}`);

  // No instance ever answered a 500.
  expect(answered.filter((attempt) => (attempt.status ?? 0) >= 500)).toEqual([]);
  const survivor = ports[1]!;
  // The balancer noticed the death (a refused or broken attempt), and from then on only the survivor answered.
  expect(broken.length).toBeGreaterThan(0);
  const afterLastBroken = attempts.slice(attempts.lastIndexOf(broken.at(-1)!) + 1);
  expect(afterLastBroken.length).toBeGreaterThan(0);
  expect(afterLastBroken.every((attempt) => attempt.port === survivor)).toBe(true);
  // A failure is a POST that was inside the dead process: at most one per client.
  expect(broken.every((attempt) => attempt.port === ports[0])).toBe(true);
  expect(clientSaw502 + failedSignIns.length).toBeLessThanOrEqual(TOKEN_LOOPS + SIGN_IN_LOOPS);
  // A sign-in fails only when its relying party's code exchange was lost (openid-client does not resend it).
  // One whose page got the 502 went on when the person pressed the button again; one whose resume of the
  // authorization request was inside the dead process went on when the balancer sent it again (the
  // interaction and the session's old identifier are kept a few seconds for that).
  expect(failedSignIns.filter((outcome) => !/^unexpected HTTP response status code \(502\)$/.test(outcome.error!))).toEqual([]);
  expect(tokens.outcomes.every((outcome) => outcome.status === 200 || outcome.status === 502)).toBe(true);
  // Sign-ins begun after the kill all complete, and traffic went on.
  expect(afterKill.length).toBeGreaterThan(0);
  expect(afterKill.every((outcome) => !outcome.error)).toBe(true);
  expect(tokens.outcomes.filter((outcome) => outcome.start > killedAt + 100 && outcome.status === 200).length).toBeGreaterThan(0);
  // Every sign-in that completed has its row; a failed one may have one (its password step had succeeded),
  // and so may a step that died with the process after its row and before its result: the person pressed
  // Sign in again and the step ran again, so that sign-in has two.
  expect(rows).toBeGreaterThanOrEqual(completed);
  expect(rows).toBeLessThanOrEqual(completed + failedSignIns.length + PersonAtTheBrowser.pressedAgain);
}, 90_000);
