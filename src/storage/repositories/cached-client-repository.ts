// Clients are read on every token request and rarely change: each instance keeps them for a short while,
// and drops one at once when any instance (or the CLI) changes it, through the change feed.
import type { ClientRepository } from '../../clients/client-repository.js';
import type { StoredClient } from '../../clients/stored-client.js';
import type { ChangeFeed } from '../state/change-feed.js';

const TOPIC = 'clients';

export interface ClientCacheOptions {
  /** The longest a changed client can be served stale if a change message is lost. */
  readonly ttlMs: number;
  readonly maxEntries: number;
}

export function withClientCache(inner: ClientRepository, feed: ChangeFeed,
  options: ClientCacheOptions = { ttlMs: 30_000, maxEntries: 10_000 }): ClientRepository {
  const cache = new Map<string, { client: StoredClient; expiresAt: number }>();
  feed.subscribe(TOPIC, (clientId) => cache.delete(clientId));
  const changed = async (clientId: string) => {
    cache.delete(clientId);
    await feed.publish(TOPIC, clientId);
  };

  return {
    async find(clientId) {
      const hit = cache.get(clientId);
      if (hit && hit.expiresAt > Date.now()) {
        return hit.client;
      }
      const client = await inner.find(clientId);
      // Unknown ids are not remembered: a client created a moment ago must be found.
      if (client) {
        if (cache.size >= options.maxEntries) {
          cache.delete(cache.keys().next().value!);
        }
        cache.set(clientId, { client, expiresAt: Date.now() + options.ttlMs });
      }
      return client;
    },
    async insert(client) {
      await inner.insert(client);
      await changed(client.clientId);
    },
    async upsert(client) {
      await inner.upsert(client);
      await changed(client.clientId);
    },
    listForOrganization: (organizationId) => inner.listForOrganization(organizationId),
    async delete(clientId) {
      await inner.delete(clientId);
      await changed(clientId);
    },
  };
}
