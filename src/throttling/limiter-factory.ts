import type { RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimiterOptions {
  /** Distinguishes this limiter's counters from every other's. */
  readonly name: string;
  readonly points: number;
  readonly durationSeconds: number;
  readonly blockSeconds: number;
}

/** rate-limiter-flexible limiters on the deployment's store: Redis, or memory on the embedded default. */
export interface LimiterFactory {
  create(options: LimiterOptions): RateLimiterAbstract;
}
