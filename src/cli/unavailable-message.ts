// The database or Redis does not answer a command-line run or a start: one line that says which, and what
// to check, instead of a stack trace.
import { UnavailableError } from '../core/unavailable-error.js';

/** What to tell an operator when the database or Redis does not answer: which one, and what to check. */
export function unavailableMessage(error: unknown): string {
  const dependency = findUnavailable(error)?.dependency;
  const what = dependency === 'store' ? 'Redis (REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS)' : 'the database (DATABASE_URL)';
  return `error: could not reach ${what}. Check that it is running and reachable from here, then run the command again.`;
}

function findUnavailable(error: unknown, depth = 0): UnavailableError | undefined {
  if (error instanceof UnavailableError) {
    return error;
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  return depth < 3 && cause !== undefined ? findUnavailable(cause, depth + 1) : undefined;
}
