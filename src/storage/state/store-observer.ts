// What the stores report of each operation, for metrics and for the tests that count round trips.

export type StoreOutcome = 'ok' | 'error' | 'unavailable';

export interface StoreObserver {
  /**
   * One store operation: its name (get, set, consume, ...), how many commands (Redis) or statements (SQL)
   * it sent, how long it took, and how it ended.
   */
  operation(store: 'redis' | 'sql' | 'database', name: string, commands: number, seconds: number, outcome: StoreOutcome): void;
}

export const NO_OBSERVER: StoreObserver = { operation: () => undefined };
