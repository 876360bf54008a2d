import { concurrencyLimit } from './concurrency-limit.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => { resolve = yes; reject = no; });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('runs at most the limit at once, the rest in the order they came', async () => {
  const limited = concurrencyLimit(2);
  const tasks = [deferred(), deferred(), deferred(), deferred()];
  const started: number[] = [];
  const results = tasks.map((task, index) => limited(async () => {
    started.push(index);
    await task.promise;
    return index;
  }));
  await settle();
  expect(started).toEqual([0, 1]);
  tasks[1]!.resolve();
  await settle();
  expect(started).toEqual([0, 1, 2]);
  tasks[0]!.resolve();
  await settle();
  expect(started).toEqual([0, 1, 2, 3]);
  tasks[2]!.resolve();
  tasks[3]!.resolve();
  await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3]);
});

test('a task that fails gives its place to the next one', async () => {
  const limited = concurrencyLimit(1);
  const first = deferred();
  const failing = limited(async () => { await first.promise; });
  const second = limited(async () => 'second ran');
  first.reject(new Error('boom'));
  await expect(failing).rejects.toThrow('boom');
  await expect(second).resolves.toBe('second ran');
  // The place is free again: a task after both runs at once.
  let ran = false;
  await limited(async () => { ran = true; });
  expect(ran).toBe(true);
});

test('a limit must be a positive integer', () => {
  expect(() => concurrencyLimit(0)).toThrow(RangeError);
  expect(() => concurrencyLimit(1.5)).toThrow(RangeError);
});
