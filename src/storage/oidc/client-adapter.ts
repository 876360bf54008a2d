// oidc-provider's Client model, kept in the database. Dynamic Client Registration writes through upsert.
import type { Adapter, AdapterPayload } from 'oidc-provider';

import type { ClientRepository } from '../../clients/client-repository.js';

export function createClientAdapter(repository: ClientRepository): Adapter {
  const unsupported = async () => {
    throw new Error('not supported for clients');
  };
  return {
    async find(id) {
      const client = await repository.find(id);
      if (!client) {
        return undefined;
      }
      return {
        ...client.metadata,
        client_id: client.clientId,
        ...(client.secret === undefined ? {} : { client_secret: client.secret }),
        first_party: client.firstParty,
        ...(client.organizationId ? { organization_id: client.organizationId } : {}),
      } as AdapterPayload;
    },
    async upsert(id, payload) {
      const {
        client_id: _id, client_secret: secret, first_party: _firstParty, organization_id: _organization, admin_api: _adminApi,
        org_client_type: _type, ...metadata
      } = payload as Record<string, unknown>;
      // Registered through the API: never first-party nor an organization's, whatever the payload says.
      await repository.upsert({ clientId: id, metadata, secret: typeof secret === 'string' ? secret : undefined, firstParty: false });
    },
    async destroy(id) {
      await repository.delete(id);
    },
    findByUid: unsupported,
    findByUserCode: unsupported,
    consume: unsupported,
    revokeByGrantId: unsupported,
  };
}
