// Tells every instance that durable data changed, so that what they cache of it can be dropped at once:
// Redis pub/sub in production (every node of a Cluster relays it), an in-process emitter on the embedded
// default (one process).
import { EventEmitter } from 'node:events';

import type { RedisConfig } from '../../config/config.js';
import { closeRedis, connectRedis } from './redis-connection.js';

export interface ChangeFeed {
  publish(topic: string, message: string): Promise<void>;
  subscribe(topic: string, listener: (message: string) => void): void;
  close(): Promise<void>;
}

export function createMemoryChangeFeed(): ChangeFeed {
  const emitter = new EventEmitter();
  return {
    async publish(topic, message) {
      emitter.emit(topic, message);
    },
    subscribe(topic, listener) {
      emitter.on(topic, listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export async function createRedisChangeFeed(settings: RedisConfig): Promise<ChangeFeed> {
  // A subscribed connection can do nothing else: one for publishing, one for listening.
  const [publisher, subscriber] = await Promise.all([
    connectRedis(settings, { prefixKeys: false }),
    connectRedis(settings, { prefixKeys: false, subscriber: true }),
  ]);
  const channel = (topic: string) => `${settings.keyPrefix}changes:${topic}`;
  const listeners = new Map<string, ((message: string) => void)[]>();
  subscriber.on('message', (name: string, message: string) => {
    for (const listener of listeners.get(name) ?? []) {
      listener(message);
    }
  });
  return {
    async publish(topic, message) {
      // A lost message leaves a cache stale for its short lifetime at most; the change itself is saved.
      await publisher.publish(channel(topic), message).catch(() => undefined);
    },
    subscribe(topic, listener) {
      const name = channel(topic);
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      void subscriber.subscribe(name).catch(() => undefined);
    },
    async close() {
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}
