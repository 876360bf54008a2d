import type { Adapter } from 'oidc-provider';

import type { ClientRepository } from '../../clients/client-repository.js';
import type { StateStore } from '../state/state-store.js';
import { createClientAdapter } from './client-adapter.js';
import { withReadableIds } from './readable-ids.js';
import { createStateStoreAdapterFactory } from './state-store-adapter.js';

/** Clients in the database; every other oidc-provider model in the state store, with its time to live. */
export function createAdapterFactory(deps: { store: StateStore; clients: ClientRepository }): (model: string) => Adapter {
  const clientAdapter = withReadableIds(createClientAdapter(deps.clients));
  const stateAdapter = createStateStoreAdapterFactory(deps.store);
  return (model) => (model === 'Client' ? clientAdapter : withReadableIds(stateAdapter(model)));
}
