// Who may introspect or revoke which token.
import { errors, type Client, type KoaContextWithOIDC } from 'oidc-provider';

/**
 * Confidential clients (resource servers among them) may introspect any token; a public client only
 * its own, since it proves nothing about who is asking.
 */
export function introspectionAllowed(_ctx: KoaContextWithOIDC, client: Client, token: { clientId?: string | undefined }): boolean {
  return client.clientAuthMethod !== 'none' || token.clientId === client.clientId;
}

/** Only the client a token was issued to may revoke it (RFC 7009 2.1). */
export function revocationAllowed(_ctx: KoaContextWithOIDC, client: Client, token: { clientId?: string | undefined }): boolean {
  if (token.clientId === client.clientId) {
    return true;
  }
  if (client.clientAuthMethod === 'none') {
    // Answer as if revoked, so that a public client cannot probe which tokens exist.
    return false;
  }
  throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
}
