// OAuth 2.0 Token Exchange (RFC 8693): a confidential client registered for the grant exchanges a user's
// access token (the subject token) for a new one, never wider: its scopes a subset of the subject's, for
// this server's userinfo or for one registered API (resource or audience), living no longer than the
// subject has left. A client may exchange a token issued to itself (to downscope it, or to change its
// audience); a token issued to another client only by saying who acts (actor_token, its own token), and the
// new token then carries the act claim (RFC 8693 4.1), nested when the subject was itself delegated.
// Errors are RFC 8693's: invalid_request for a token that is not acceptable, invalid_scope, invalid_target.
import { errors, type KoaContextWithOIDC, type Provider } from 'oidc-provider';

import { TOKEN_EXCHANGE_GRANT } from '../clients/client-registry.js';

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

const PARAMETERS = ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'requested_token_type', 'audience', 'resource', 'scope'];

/** The act claim: who acts, and for whom the subject token's own actor acted. */
export interface Actor {
  readonly sub: string;
  readonly act?: Actor;
}

interface ExchangeableToken {
  readonly accountId?: string;
  readonly clientId?: string;
  readonly grantId?: string;
  readonly scope?: string;
  readonly isValid: boolean;
  readonly remainingTTL: number;
  readonly extra?: { act?: Actor };
  isSenderConstrained(): boolean;
}

interface ResourceServerInfo {
  readonly scope: string;
  readonly audience?: string;
  readonly accessTokenFormat?: 'opaque' | 'jwt';
  readonly accessTokenTTL?: number;
}

export interface TokenExchangeDeps {
  /** The registered APIs (resource-servers.ts): what a resource indicator may name, and their scopes. */
  readonly resourceServerInfo: (ctx: KoaContextWithOIDC, resource: string, client: object) => ResourceServerInfo;
  /** The access token lifetime, the longest an exchanged token lives. */
  readonly accessTokenTtl: number;
  /** The subject's account, still there and allowed to sign in (undefined otherwise). */
  readonly findAccount: (ctx: KoaContextWithOIDC, accountId: string) => Promise<unknown>;
}

/** The act claims of tokens this grant issues, read when oidc-provider saves them (extraTokenClaims). */
const actors = new WeakMap<object, Actor>();

export function actClaimOf(token: object): { act: Actor } | undefined {
  const act = actors.get(token);
  return act === undefined ? undefined : { act };
}

const refuse = (description: string) => new errors.InvalidRequest(description);

function single(ctx: KoaContextWithOIDC, name: string): string | undefined {
  const value = ctx.oidc.params?.[name];
  if (Array.isArray(value)) {
    throw refuse(`${name} must be given once`);
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function findToken(provider: Provider, value: string, kinds: readonly ('AccessToken' | 'ClientCredentials')[]): Promise<ExchangeableToken | undefined> {
  for (const kind of kinds) {
    const token = await (provider[kind] as unknown as { find(value: string): Promise<ExchangeableToken | undefined> }).find(value);
    if (token) {
      return token.isValid ? token : undefined;
    }
  }
  return undefined;
}

export function registerTokenExchange(provider: Provider, deps: TokenExchangeDeps): void {
  provider.registerGrantType(TOKEN_EXCHANGE_GRANT, async (ctx: KoaContextWithOIDC) => {
    const client = ctx.oidc.client!;
    const subjectToken = single(ctx, 'subject_token');
    if (subjectToken === undefined) {
      throw refuse('subject_token is missing');
    }
    if (single(ctx, 'subject_token_type') !== ACCESS_TOKEN_TYPE) {
      throw refuse(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
    }
    const requestedType = single(ctx, 'requested_token_type');
    if (requestedType !== undefined && requestedType !== ACCESS_TOKEN_TYPE) {
      throw refuse(`requested_token_type can only be ${ACCESS_TOKEN_TYPE}`);
    }

    const subject = await findToken(provider, subjectToken, ['AccessToken']);
    if (!subject?.accountId || !subject.grantId) {
      throw refuse('subject_token is not an active access token of a user');
    }
    if (subject.isSenderConstrained()) {
      // Its holder proves a key this request cannot show.
      throw refuse('subject_token is bound to a key (DPoP or certificate) and cannot be exchanged');
    }
    const subjectGrant = await provider.Grant.find(subject.grantId);
    if (!subjectGrant || subjectGrant.clientId !== subject.clientId || subjectGrant.accountId !== subject.accountId) {
      throw refuse('subject_token is no longer valid');
    }
    const account = await deps.findAccount(ctx, subject.accountId);
    if (!account) {
      throw refuse('subject_token is no longer valid');
    }

    // Who acts: the client itself, proved by a token of its own.
    let act: Actor | undefined;
    const actorToken = single(ctx, 'actor_token');
    if (actorToken !== undefined) {
      if (single(ctx, 'actor_token_type') !== ACCESS_TOKEN_TYPE) {
        throw refuse(`actor_token_type must be ${ACCESS_TOKEN_TYPE}`);
      }
      const actor = await findToken(provider, actorToken, ['ClientCredentials', 'AccessToken']);
      if (!actor || actor.clientId !== client.clientId) {
        throw refuse('actor_token is not an active token of this client');
      }
      act = { sub: client.clientId, ...(subject.extra?.act ? { act: subject.extra.act } : {}) };
    } else if (subject.clientId !== client.clientId) {
      throw refuse('subject_token was issued to another client: say who acts with actor_token');
    } else if (subject.extra?.act) {
      act = subject.extra.act;
    }

    // What for: one registered API, or this server's userinfo.
    const resource = single(ctx, 'resource') ?? single(ctx, 'audience');
    const server = resource === undefined ? undefined : deps.resourceServerInfo(ctx, resource, client);
    const held = new Set((subject.scope ?? '').split(' ').filter(Boolean));
    const requested = single(ctx, 'scope')?.split(' ').filter(Boolean) ?? [...held];
    const wider = requested.filter((scope) => !held.has(scope));
    if (wider.length > 0) {
      throw new errors.InvalidScope(`the subject_token does not carry ${wider.join(' ')}`, wider.join(' '));
    }
    const serverScopes = server ? new Set(server.scope.split(' ')) : undefined;
    const scope = (serverScopes ? requested.filter((value) => serverScopes.has(value)) : requested).join(' ');
    if (scope === '') {
      throw new errors.InvalidScope(server ? 'none of these scopes is for that resource' : 'no scope to issue', requested.join(' '));
    }

    const expiresIn = Math.min(deps.accessTokenTtl, server?.accessTokenTTL ?? deps.accessTokenTtl, subject.remainingTTL);
    const grant = new provider.Grant({ clientId: client.clientId, accountId: subject.accountId, expiresIn } as ConstructorParameters<typeof provider.Grant>[0]);
    if (resource === undefined) {
      grant.addOIDCScope(scope);
    } else {
      grant.addResourceScope(resource, scope);
    }
    const grantId = await grant.save();

    const token = new provider.AccessToken({
      accountId: subject.accountId, client, grantId, scope, expiresIn, gty: TOKEN_EXCHANGE_GRANT,
      ...(server ? { resourceServer: new provider.ResourceServer(resource!, server) } : {}),
    } as unknown as ConstructorParameters<typeof provider.AccessToken>[0]);
    if (act !== undefined) {
      actors.set(token, act);
    }
    ctx.oidc.entity('AccessToken', token);
    const value = await token.save();
    ctx.body = {
      access_token: value,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: expiresIn,
      scope,
    };
  }, PARAMETERS);
}
