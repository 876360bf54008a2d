// Steady load for a fault test: a few loops each sending one request after another, every outcome kept
// (when it started and ended, its status, or that no answer came), so that a test can say what the
// clients saw before, during and after a fault.
export interface Outcome {
  /** Milliseconds since the load started. */
  readonly start: number;
  readonly end: number;
  /** The HTTP status, or 0 when the request failed without an answer (reset, refused, timed out). */
  readonly status: number;
}

export interface Load {
  readonly outcomes: Outcome[];
  /** Milliseconds since the load started. */
  now(): number;
  stop(): Promise<void>;
}

const CLIENT_TIMEOUT_MS = 15_000;

export function startLoad(send: (signal: AbortSignal) => Promise<Response>, loops: number): Load {
  const began = Date.now();
  const now = () => Date.now() - began;
  const outcomes: Outcome[] = [];
  let running = true;
  const loop = async () => {
    while (running) {
      const start = now();
      let status = 0;
      try {
        const response = await send(AbortSignal.timeout(CLIENT_TIMEOUT_MS));
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 0;
      }
      outcomes.push({ start, end: now(), status });
      if (status !== 200) {
        // A client that was refused waits a little before it tries again.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const all = Array.from({ length: loops }, loop);
  return {
    outcomes,
    now,
    async stop() {
      running = false;
      await Promise.all(all);
    },
  };
}

/** How many outcomes had each status, e.g. { 200: 812, 503: 40 }. */
export function countStatuses(outcomes: readonly Outcome[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of outcomes) {
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/** The longest time any request waited for its answer, in ms. */
export const slowest = (outcomes: readonly Outcome[]) => Math.max(0, ...outcomes.map((outcome) => outcome.end - outcome.start));

/** The end of the first successful request started at or after `from` (ms), or undefined. */
export function firstSuccessAfter(outcomes: readonly Outcome[], from: number): number | undefined {
  const ends = outcomes.filter((outcome) => outcome.start >= from && outcome.status === 200).map((outcome) => outcome.end);
  return ends.length > 0 ? Math.min(...ends) : undefined;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Fault {
  begin(): unknown;
  end(): unknown;
  /** How long the fault lasts, in ms; `probe` runs half-way through. */
  readonly lastsMs: number;
  /** How long the load runs after the fault ended, in ms. */
  readonly afterMs: number;
  /** A check made while the fault lasts (readiness, say). */
  probe(): Promise<number>;
}

/**
 * Starts the load, lets it run 1.5 s, begins the fault, ends it `lastsMs` later, lets the load run `afterMs`
 * more and stops it. Times are the load's (ms since it started): when the fault began, when it ended
 * (just before `end` was called), and what the probe gave.
 */
export async function faultUnderLoad(load: Load, fault: Fault): Promise<{ beganAt: number; endedAt: number; probed: number }> {
  await sleep(1500);
  const beganAt = load.now();
  await fault.begin();
  await sleep(fault.lastsMs / 2);
  const probed = await fault.probe();
  await sleep(fault.lastsMs / 2);
  const endedAt = load.now();
  await fault.end();
  await sleep(fault.afterMs);
  await load.stop();
  return { beganAt, endedAt, probed };
}

/** The figures a fault test prints: statuses in all, the slowest answer, and the statuses while the fault lasted. */
export const describeOutcomes = (all: readonly Outcome[], during: readonly Outcome[], duringLabel: string) =>
  `${JSON.stringify(countStatuses(all))} in all; slowest answer ${slowest(all)} ms; ${duringLabel} ${JSON.stringify(countStatuses(during))}`;
