// An organization's own OAuth clients, managed by its administrators: create, change redirect URIs, rotate
// the secret (shown once), delete. Client ids and secrets are generated here, never chosen.
import type { AuditLog } from '../audit/audit-log.js';
import { randomToken } from '../core/random-token.js';
import type { AdminContext } from '../organizations/admin-context.js';
import { buildClient, DEVICE_CODE_GRANT, TOKEN_EXCHANGE_GRANT, type NewClientInput } from './client-registry.js';
import type { ClientRepository } from './client-repository.js';
import { ClientErrors } from './organization-client-errors.js';
import type { StoredClient } from './stored-client.js';

export const CLIENT_TYPES = ['web', 'spa', 'native', 'service', 'device'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

export interface ClientInput {
  readonly name: string;
  readonly type: ClientType;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly adminApi: boolean;
  /** Authorization requests only pushed (RFC 9126). */
  readonly requirePar?: boolean | undefined;
  /** Tokens only bound to a DPoP key (RFC 9449). */
  readonly requireDpop?: boolean | undefined;
  /** Authorization requests only as a request object signed with the secret (RFC 9101). */
  readonly requireSignedRequestObject?: boolean | undefined;
  /** May exchange users' access tokens for narrower ones (RFC 8693; web applications and services). */
  readonly tokenExchange?: boolean | undefined;
  /** Where it is told of sign-outs (back-channel logout); null for none. */
  readonly backchannelLogoutUri?: string | null | undefined;
  /** Loaded in the browser that signs out (front-channel logout); null for none. */
  readonly frontchannelLogoutUri?: string | null | undefined;
}

export type ClientChanges = Partial<Pick<ClientInput, 'name' | 'redirectUris' | 'postLogoutRedirectUris' | 'requirePar' | 'requireDpop' | 'requireSignedRequestObject' | 'tokenExchange' | 'backchannelLogoutUri' | 'frontchannelLogoutUri'>>;

export interface ClientSummary extends ClientInput {
  readonly clientId: string;
  readonly confidential: boolean;
  readonly requirePar: boolean;
  readonly requireDpop: boolean;
  readonly requireSignedRequestObject: boolean;
  readonly tokenExchange: boolean;
  readonly backchannelLogoutUri: string | null;
  readonly frontchannelLogoutUri: string | null;
}

export interface OrganizationClients {
  list(admin: AdminContext): Promise<ClientSummary[]>;
  get(admin: AdminContext, clientId: string): Promise<ClientSummary>;
  /** The secret is returned this once (confidential clients only). */
  create(admin: AdminContext, input: ClientInput): Promise<{ client: ClientSummary; secret: string | undefined }>;
  update(admin: AdminContext, clientId: string, changes: ClientChanges): Promise<ClientSummary>;
  rotateSecret(admin: AdminContext, clientId: string): Promise<{ client: ClientSummary; secret: string }>;
  delete(admin: AdminContext, clientId: string): Promise<void>;
}

const GRANTS: Record<ClientType, string[]> = {
  web: ['authorization_code', 'refresh_token'],
  spa: ['authorization_code', 'refresh_token'],
  native: ['authorization_code', 'refresh_token'],
  service: ['client_credentials'],
  device: [DEVICE_CODE_GRANT, 'refresh_token'],
};
const CONFIDENTIAL: Record<ClientType, boolean> = { web: true, spa: false, native: false, service: true, device: false };
/** Types that send nobody through a browser redirect: no redirect URIs. */
const WITHOUT_REDIRECTS: readonly ClientType[] = ['service', 'device'];

export function createOrganizationClients(deps: { repository: ClientRepository; audit: Pick<AuditLog, 'record'> }): OrganizationClients {
  const find = async (admin: AdminContext, clientId: string) => {
    const client = /^[A-Za-z0-9._~-]{3,64}$/.test(clientId) ? await deps.repository.find(clientId) : undefined;
    if (!client || client.organizationId !== admin.organizationId) {
      throw ClientErrors.notFound();
    }
    return client;
  };
  const build = (clientId: string, input: ClientInput, secret: string | undefined, organizationId: string): StoredClient => {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100) {
      throw ClientErrors.invalid('A client name has 1 to 100 characters.');
    }
    if (WITHOUT_REDIRECTS.includes(input.type) && (input.redirectUris.length > 0 || input.postLogoutRedirectUris.length > 0)) {
      throw ClientErrors.invalid(input.type === 'service' ? 'A service signs nobody in: it has no redirect URIs.'
        : 'A device signs its user in with a code at /device: it has no redirect URIs.');
    }
    if (input.adminApi && !['web', 'service'].includes(input.type)) {
      throw ClientErrors.invalid('Only web applications and services can be given the Admin API.');
    }
    const client: NewClientInput = {
      clientId, secret, name, redirectUris: input.redirectUris, postLogoutRedirectUris: input.postLogoutRedirectUris,
      grantTypes: [...GRANTS[input.type], ...(input.tokenExchange ? [TOKEN_EXCHANGE_GRANT] : [])], organizationId, adminApi: input.adminApi,
      requirePar: input.requirePar, requireDpop: input.requireDpop, requireSignedRequestObject: input.requireSignedRequestObject,
      backchannelLogoutUri: input.backchannelLogoutUri ?? undefined,
      frontchannelLogoutUri: input.frontchannelLogoutUri ?? undefined,
    };
    try {
      const built = buildClient(client);
      return { ...built, metadata: { ...built.metadata, org_client_type: input.type } };
    } catch (error) {
      throw ClientErrors.from(error);
    }
  };
  const record = (admin: AdminContext, type: 'client.created' | 'client.updated' | 'client.secret_rotated' | 'client.deleted',
    client: StoredClient, details: Record<string, unknown> = {}) => deps.audit.record({
    type, organizationId: admin.organizationId, actor: admin.actor, request: admin.request, clientId: client.clientId,
    details: { name: client.metadata['client_name'], ...details },
  });

  return {
    list: async (admin) => (await deps.repository.listForOrganization(admin.organizationId)).map(summarize),
    get: async (admin, clientId) => summarize(await find(admin, clientId)),

    async create(admin, input) {
      const secret = CONFIDENTIAL[input.type] ? randomToken(32) : undefined;
      const client = build(`${input.type}-${randomToken(12)}`, input, secret, admin.organizationId);
      await deps.repository.insert(client);
      await record(admin, 'client.created', client, { type: input.type, adminApi: input.adminApi });
      return { client: summarize(client), secret };
    },

    async update(admin, clientId, changes) {
      const existing = summarize(await find(admin, clientId));
      const stored = await find(admin, clientId);
      const client = build(clientId, { ...existing, ...changes }, stored.secret, admin.organizationId);
      await deps.repository.upsert(client);
      await record(admin, 'client.updated', client, { changed: Object.keys(changes) });
      return summarize(client);
    },

    async rotateSecret(admin, clientId) {
      const existing = await find(admin, clientId);
      if (existing.secret === undefined) {
        throw ClientErrors.invalid('This client is public: it has no secret to rotate.');
      }
      const secret = randomToken(32);
      const client = { ...existing, secret };
      await deps.repository.upsert(client);
      await record(admin, 'client.secret_rotated', client);
      return { client: summarize(client), secret };
    },

    async delete(admin, clientId) {
      const client = await find(admin, clientId);
      await deps.repository.delete(clientId);
      await record(admin, 'client.deleted', client);
    },
  };
}

function summarize(client: StoredClient): ClientSummary {
  const { metadata } = client;
  const grants = (metadata['grant_types'] as string[] | undefined) ?? [];
  const confidential = client.secret !== undefined;
  const redirectUris = (metadata['redirect_uris'] as string[] | undefined) ?? [];
  const stored = metadata['org_client_type'];
  const type: ClientType = (CLIENT_TYPES as readonly unknown[]).includes(stored) ? stored as ClientType
    : grants.includes('client_credentials') ? 'service' : confidential ? 'web' : 'native';
  return {
    clientId: client.clientId,
    name: String(metadata['client_name'] ?? client.clientId),
    type,
    confidential,
    redirectUris,
    postLogoutRedirectUris: (metadata['post_logout_redirect_uris'] as string[] | undefined) ?? [],
    adminApi: metadata['admin_api'] === true,
    requirePar: metadata['require_pushed_authorization_requests'] === true,
    requireDpop: metadata['dpop_bound_access_tokens'] === true,
    requireSignedRequestObject: metadata['require_signed_request_object'] === true,
    tokenExchange: grants.includes(TOKEN_EXCHANGE_GRANT),
    backchannelLogoutUri: typeof metadata['backchannel_logout_uri'] === 'string' ? metadata['backchannel_logout_uri'] : null,
    frontchannelLogoutUri: typeof metadata['frontchannel_logout_uri'] === 'string' ? metadata['frontchannel_logout_uri'] : null,
  };
}
