// Tells every instance that durable data changed, so that what they cache of it can be dropped at once:
// Redis pub/sub in production, an in-process emitter on the embedded default.
import { EventEmitter } from 'node:events';

import { Redis } from 'ioredis';

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

export async function createRedisChangeFeed(options: { url: string; keyPrefix: string }): Promise<ChangeFeed> {
  // A subscribed connection can do nothing else: one for publishing, one for listening.
  const publisher = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const subscriber = new Redis(options.url, { lazyConnect: true });
  for (const connection of [publisher, subscriber]) {
    connection.on('error', () => undefined);
  }
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const channel = (topic: string) => `${options.keyPrefix}changes:${topic}`;
  const listeners = new Map<string, ((message: string) => void)[]>();
  subscriber.on('message', (name: string, message: string) => {
    for (const listener of listeners.get(name) ?? []) {
      listener(message);
    }
  });
  return {
    async publish(topic, message) {
      await publisher.publish(channel(topic), message);
    },
    subscribe(topic, listener) {
      const name = channel(topic);
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      void subscriber.subscribe(name).catch(() => undefined);
    },
    async close() {
      await Promise.all([publisher.quit(), subscriber.quit()].map((closing) => closing.catch(() => undefined)));
    },
  };
}
