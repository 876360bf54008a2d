// Organizations, memberships, domains and connections are read on every sign-in and authorization (home-realm
// discovery, sign-in policies, the audit log's scope) and change rarely: each instance keeps what it read for
// a short while, "no membership" included, and drops all of it at once when any instance (or the CLI)
// changes any of it, through the change feed.
import type { OrganizationRepository } from '../../organizations/organization-repository.js';
import type { ChangeFeed } from '../state/change-feed.js';

const TOPIC = 'organizations';

export interface OrganizationCacheOptions {
  /** The longest a change can go unseen if a change message is lost. */
  readonly ttlMs: number;
  readonly maxEntries: number;
}

type CachedRead = 'findById' | 'findByVerifiedDomain' | 'membership' | 'findConnection' | 'findConnectionById' | 'findSamlConnectionsByEntityId';
const CACHED: readonly CachedRead[] = ['findById', 'findByVerifiedDomain', 'membership', 'findConnection', 'findConnectionById', 'findSamlConnectionsByEntityId'];
// Member lists and counts are the Admin Center's, read fresh.
const UNCACHED_READS = new Set(['listMembers', 'findMember', 'countAdmins', 'findLogo']);

export function withOrganizationCache(inner: OrganizationRepository, feed: ChangeFeed,
  options: OrganizationCacheOptions = { ttlMs: 30_000, maxEntries: 20_000 }): OrganizationRepository {
  let entries = new Map<string, { value: Promise<unknown>; expiresAt: number }>();
  feed.subscribe(TOPIC, () => {
    entries = new Map();
  });

  const cached = (method: CachedRead) => (argument: string) => {
    const key = `${method}:${argument}`;
    const hit = entries.get(key);
    if (hit && hit.expiresAt > Date.now()) {
      return hit.value;
    }
    if (entries.size >= options.maxEntries) {
      entries.delete(entries.keys().next().value!);
    }
    const value = (inner[method] as (arg: string) => Promise<unknown>).call(inner, argument);
    const entry = { value, expiresAt: Date.now() + options.ttlMs };
    entries.set(key, entry);
    // A failed read is not remembered.
    value.catch(() => entries.get(key) === entry && entries.delete(key));
    return value;
  };
  const write = <A extends unknown[], R>(method: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    try {
      return await method.apply(inner, args);
    } finally {
      entries = new Map();
      await feed.publish(TOPIC, 'changed');
    }
  };

  const repository = {} as Record<string, unknown>;
  for (const name of Object.keys(inner) as (keyof OrganizationRepository)[]) {
    const method = inner[name] as (...args: unknown[]) => Promise<unknown>;
    repository[name] = (CACHED as readonly string[]).includes(name)
      ? cached(name as CachedRead)
      : UNCACHED_READS.has(name) ? method.bind(inner) : write(method);
  }
  return repository as unknown as OrganizationRepository;
}
