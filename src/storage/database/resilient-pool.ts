// A pg pool that tries once more when it cannot get a connection (PostgreSQL restarting, a connection the
// server has just closed): nothing was sent yet, so trying again is always safe. A query that fails
// after it was sent is not repeated (it may have been applied); the caller answers 503.
import pg from 'pg';

import { isConnectionError } from './connection-errors.js';

const RETRY_DELAY_MS = 250;

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

export class ResilientPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    const connecting = this.connectWithRetry();
    if (!callback) {
      return connecting;
    }
    connecting.then(
      (client) => callback(undefined, client, (release) => client.release(release as Error | boolean | undefined)),
      (error: Error) => callback(error, undefined, () => undefined),
    );
  }

  private async connectWithRetry(): Promise<pg.PoolClient> {
    try {
      return await super.connect();
    } catch (error) {
      if (!isConnectionError(error) || this.ending) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      return super.connect();
    }
  }
}
