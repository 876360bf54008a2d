// Traffic at a steady rate: an operation starts every 1/rate seconds, whatever the last one took, up to
// `inFlight` at once; a start that finds them all busy is skipped and counted, so the rate a soak reports
// is the rate it achieved.
export interface Paced {
  done: number;
  skipped: number;
  readonly failed: string[];
  /** Stops starting operations; resolves when those in flight have ended. */
  stop(): Promise<void>;
}

export function pace(ratePerSecond: number, inFlight: number, operation: () => Promise<void>): Paced {
  const running = new Set<Promise<void>>();
  const paced: Paced = {
    done: 0,
    skipped: 0,
    failed: [],
    async stop() {
      clearInterval(timer);
      await Promise.all(running);
    },
  };
  const timer = setInterval(() => {
    if (running.size >= inFlight) {
      paced.skipped += 1;
      return;
    }
    const run = operation().then(
      () => { paced.done += 1; },
      (error: unknown) => { paced.failed.push(error instanceof Error ? error.message : String(error)); },
    ).finally(() => running.delete(run));
    running.add(run);
  }, 1000 / ratePerSecond);
  return paced;
}
