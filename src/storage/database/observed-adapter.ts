// Wraps Prisma's driver adapter to tell the observer of every SQL statement sent (metrics, and the tests
// that count statements per request), on PostgreSQL and PGlite alike; a database that is away throws
// UnavailableError (answered 503), which Prisma passes through as it is.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';

import { UnavailableError } from '../../core/unavailable-error.js';
import type { StoreObserver } from '../state/store-observer.js';
import { isConnectionError } from './connection-errors.js';

const OBSERVED = new Set(['queryRaw', 'executeRaw']);

export function observedAdapterFactory(factory: SqlDriverAdapterFactory, observer: StoreObserver): SqlDriverAdapterFactory {
  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property === 'connect') {
        return async () => observe(await target.connect(), observer);
      }
      return bind(Reflect.get(target, property, receiver), target);
    },
  });
}

function observe<T extends SqlDriverAdapter | Transaction>(queryable: T, observer: StoreObserver): T {
  return new Proxy(queryable, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') {
        return value;
      }
      if (property === 'startTransaction') {
        return async (...args: unknown[]) => observe(await (value as (...a: unknown[]) => Promise<Transaction>).apply(target, args), observer);
      }
      if (typeof property === 'string' && OBSERVED.has(property)) {
        return async (...args: unknown[]) => {
          const started = performance.now();
          const statement = (args[0] as { sql?: unknown } | undefined)?.sql;
          const sql = typeof statement === 'string' ? statement : undefined;
          try {
            const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            observer.operation('database', 'statement', 1, (performance.now() - started) / 1000, 'ok', sql);
            return result;
          } catch (error) {
            const unavailable = isConnectionError(error);
            observer.operation('database', 'statement', 1, (performance.now() - started) / 1000, unavailable ? 'unavailable' : 'error', sql);
            throw unavailable ? new UnavailableError('database', error) : error;
          }
        };
      }
      return bind(value, target);
    },
  });
}

function bind(value: unknown, target: object): unknown {
  return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
}
