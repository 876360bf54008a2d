// Ids, uids and user codes reach the adapters from requests (client_id, a token, a cookie). One that no
// artifact of ours can have (control characters, absurd length) is simply not found: the provider answers
// invalid_client or invalid_token, and the store (PostgreSQL refuses NUL in text) never sees it.
import type { Adapter } from 'oidc-provider';

import { hasControlCharacters } from '../../http/input/text-rules.js';

const MAX_ID_LENGTH = 1024;

const readable = (id: unknown) => typeof id === 'string' && id.length <= MAX_ID_LENGTH && !hasControlCharacters(id);

export function withReadableIds(adapter: Adapter): Adapter {
  return {
    upsert: (id, payload, expiresIn) => adapter.upsert(id, payload, expiresIn),
    find: async (id) => (readable(id) ? adapter.find(id) : undefined),
    findByUid: async (uid) => (readable(uid) ? adapter.findByUid(uid) : undefined),
    findByUserCode: async (code) => (readable(code) ? adapter.findByUserCode(code) : undefined),
    consume: (id) => adapter.consume(id),
    destroy: async (id) => (readable(id) ? adapter.destroy(id) : undefined),
    revokeByGrantId: (grantId) => adapter.revokeByGrantId(grantId),
  };
}
