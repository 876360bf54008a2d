// The ceiling for password sign-ins: how many argon2id verifications one core does per second with the
// project's own hasher and parameters. Run by the benchmark pinned to the server's core.
import { createPasswordHasher } from '../src/accounts/password-hasher.js';

const seconds = Number(process.argv[2] ?? 3);
const hasher = createPasswordHasher();
const hash = await hasher.hash('benchmark password');
await hasher.verify(hash, 'benchmark password');
let count = 0;
const started = performance.now();
while (performance.now() - started < seconds * 1000) {
  await hasher.verify(hash, 'benchmark password');
  count += 1;
}
const elapsed = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ perSecond: count / elapsed, verifyMs: (elapsed * 1000) / count })}\n`);
