// Who calls the Admin API: a bearer access token from this provider (RFC 6750), for the API's audience
// with the admin scope. A person's token acts for them if they administer their organization; a service
// client's (client_credentials) acts for the organization that owns it. Checked on every call, so a
// revoked token, a suspended user or a demoted administrator stops at once.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { AccountRepository } from '../../accounts/account-repository.js';
import type { ClientRepository } from '../../clients/client-repository.js';
import type { AdminContext } from '../../organizations/admin-context.js';
import type { OrganizationRepository } from '../../organizations/organization-repository.js';
import { requestInfo } from '../../http/request-info.js';
import { ADMIN_SCOPE } from '../../provider/resource-servers.js';
import { ApiProblem } from './problem.js';

export interface ApiAuthDeps {
  readonly provider: () => Provider;
  readonly audience: string;
  readonly clients: Pick<ClientRepository, 'find'>;
  readonly accounts: Pick<AccountRepository, 'findById'>;
  readonly organizations: Pick<OrganizationRepository, 'membership'>;
}

const REALM = 'Bearer realm="admin-api"';
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]{10,512}=*)$/;

const unauthorized = (detail: string, withError = true) =>
  new ApiProblem('invalid_token', 401, detail, { challenge: withError ? `${REALM}, error="invalid_token"` : REALM });
const forbidden = (detail: string) => new ApiProblem('insufficient_scope', 403, detail, {
  challenge: `${REALM}, error="insufficient_scope", scope="${ADMIN_SCOPE}"`,
});

interface TokenLike {
  readonly clientId?: string | undefined;
  readonly accountId?: string | undefined;
  readonly aud?: string | string[] | undefined;
  readonly scope?: string | undefined;
  readonly isExpired?: boolean;
}

export function createApiAuth(deps: ApiAuthDeps) {
  const findToken = async (value: string): Promise<{ token: TokenLike; kind: 'person' | 'service' } | undefined> => {
    const provider = deps.provider();
    const person = await provider.AccessToken.find(value);
    if (person) {
      // A person's token lives only as long as its grant: signing out, revoking or a replayed code ends the grant.
      const grant = person.grantId ? await provider.Grant.find(person.grantId) : undefined;
      return grant && grant.accountId === person.accountId && grant.clientId === person.clientId
        ? { token: person as TokenLike, kind: 'person' } : undefined;
    }
    const service = await provider.ClientCredentials.find(value);
    return service ? { token: service as TokenLike, kind: 'service' } : undefined;
  };

  return async function authenticate(ctx: Context): Promise<AdminContext> {
    const header = ctx.get('authorization');
    if (!header) {
      throw unauthorized('This API needs an access token: Authorization: Bearer ACCESS_TOKEN.', false);
    }
    const value = BEARER.exec(header)?.[1];
    const found = value ? await findToken(value) : undefined;
    if (!found || found.token.isExpired || !found.token.clientId) {
      throw unauthorized('The access token is not valid, or has expired or been revoked.');
    }
    const { token } = found;
    const clientId = found.token.clientId;
    const audiences = Array.isArray(token.aud) ? token.aud : [token.aud];
    if (!audiences.includes(deps.audience)) {
      throw unauthorized('The access token is not for this API (ask for it with resource set to the API).');
    }
    if (!(token.scope ?? '').split(' ').includes(ADMIN_SCOPE)) {
      throw forbidden(`The access token lacks the ${ADMIN_SCOPE} scope.`);
    }
    const client = await deps.clients.find(clientId);
    if (!client) {
      throw unauthorized('The client of this access token no longer exists.');
    }
    if (found.kind === 'service') {
      if (!client.organizationId || client.metadata['admin_api'] !== true) {
        throw forbidden('This client may not call the Admin API.');
      }
      const actor = { id: undefined, email: `client ${client.clientId}`, clientId: client.clientId };
      return { organizationId: client.organizationId, actor, request: requestInfo(ctx) };
    }
    const account = token.accountId ? await deps.accounts.findById(token.accountId) : undefined;
    const membership = account?.status === 'ACTIVE' ? await deps.organizations.membership(account.id) : undefined;
    if (!account || !membership?.isAdmin) {
      throw new ApiProblem('not_an_administrator', 403, 'Only administrators of an organization can use the Admin API.');
    }
    const actor = { id: account.id, email: account.email, clientId: client.clientId };
    return { organizationId: membership.organizationId, actor, request: requestInfo(ctx) };
  };
}
