// What the stores report of each operation, for metrics and for the tests that count round trips.

export type StoreOutcome = 'ok' | 'error' | 'unavailable';

export interface StoreObserver {
  /**
   * One store operation: its name (get, set, consume, ...), how many commands (Redis) or statements (SQL)
   * it sent, how long it took, how it ended, and for a database statement its SQL (parameterized: no values).
   */
  operation(store: 'redis' | 'sql' | 'database', name: string, commands: number, seconds: number, outcome: StoreOutcome, statement?: string): void;
}

export const NO_OBSERVER: StoreObserver = { operation: () => undefined };

/** Tells each of `observers` of every operation. */
export function allOf(...observers: StoreObserver[]): StoreObserver {
  return {
    operation(...args) {
      for (const observer of observers) {
        observer.operation(...args);
      }
    },
  };
}
