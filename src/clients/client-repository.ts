import type { StoredClient } from './stored-client.js';

export interface ClientRepository {
  find(clientId: string): Promise<StoredClient | undefined>;
  /** Throws ClientExistsError when the id is taken. */
  insert(client: StoredClient): Promise<void>;
  upsert(client: StoredClient): Promise<void>;
  delete(clientId: string): Promise<void>;
  /** An organization's clients, oldest first. */
  listForOrganization(organizationId: string): Promise<StoredClient[]>;
}
