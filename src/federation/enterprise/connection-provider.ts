import { createHash } from 'node:crypto';

import type { Connection, OidcConnection } from '../../organizations/organization.js';
import type { UpstreamProvider } from '../upstream-oidc.js';

export const connectionSource = (connection: Pick<Connection, 'id'>) => `connection:${connection.id}`;

/** The connection id of a source made by connectionSource (and a social provider's name gives no id). */
export const connectionIdOf = (source: string) => source.replace(/^connection:/, '');

/** How this server, as a relying party, talks to a company's provider. */
export function connectionProvider(connection: OidcConnection): UpstreamProvider {
  return {
    cacheKey: `${connectionSource(connection)}:${connection.updatedAt.getTime()}`,
    issuer: connection.issuer,
    clientId: connection.clientId,
    scopes: connection.scopes,
    reach: connection.setBy === 'operator' ? 'any' : 'public',
    auth: connection.authMethod === 'private_key_jwt'
      ? { method: 'private_key_jwt', privateJwk: connection.privateJwk!, kid: keyId(connection) }
      : { method: connection.authMethod, secret: connection.clientSecret! },
  };
}

/** The key id of a connection's public key (RFC 7638 thumbprint), as published to the provider. */
export function keyId(connection: OidcConnection): string {
  const jwk = connection.privateJwk!;
  return createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest('base64url');
}
