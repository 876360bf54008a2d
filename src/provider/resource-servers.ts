// The APIs this provider issues access tokens for (RFC 8707 resource indicators): the Admin API. Its
// tokens are opaque, so that the API checks each one with the provider and a revoked one stops at once.
import { errors, type KoaContextWithOIDC } from 'oidc-provider';

import { isFirstParty } from './first-party-grant.js';

export const ADMIN_API_PATH = '/admin/api/v1';
export const ADMIN_SCOPE = 'admin';

export const adminApiAudience = (issuer: string) => `${issuer}${ADMIN_API_PATH}`;

/** Client metadata that only our database sets: which organization owns it, whether it may call the Admin API. */
export interface OrganizationClientMetadata {
  readonly organization_id?: string;
  readonly admin_api?: boolean;
}

export function createResourceServers(issuer: string, accessTokenTtl: number) {
  const audience = adminApiAudience(issuer);
  return {
    /** A client_credentials request for the admin scope means the Admin API, as Auth0's audience does. */
    defaultResource(ctx: KoaContextWithOIDC, _client: unknown, oneOf?: readonly string[]): string | string[] | undefined {
      if (oneOf) {
        return [...oneOf];
      }
      const scope = ctx.oidc.params?.['scope'];
      return ctx.oidc.params?.['grant_type'] === 'client_credentials' && typeof scope === 'string' && scope.split(' ').includes(ADMIN_SCOPE)
        ? audience : undefined;
    },
    useGrantedResource: () => true,
    getResourceServerInfo(ctx: KoaContextWithOIDC, resource: string, client: object) {
      if (resource !== audience) {
        throw new errors.InvalidTarget('this resource is not known here');
      }
      const metadata = client as OrganizationClientMetadata;
      // A service acts for the organization that owns it, when an administrator allowed it the API; a person's
      // token acts for them (the API checks they administer their organization).
      const allowed = ctx.oidc.params?.['grant_type'] === 'client_credentials'
        ? metadata.admin_api === true && typeof metadata.organization_id === 'string'
        : metadata.admin_api === true || isFirstParty(client);
      if (!allowed) {
        throw new errors.InvalidTarget('this client may not call the Admin API');
      }
      return { scope: ADMIN_SCOPE, audience, accessTokenFormat: 'opaque' as const, accessTokenTTL: accessTokenTtl };
    },
  };
}
