// First-party clients (GoToAssist, the Admin Center) do not ask for consent: their grant is made, or
// widened to what they ask for, without a screen. Others use the grant the user consented to.
import type { Grant, KoaContextWithOIDC } from 'oidc-provider';

/** oidc-provider keeps extra client metadata under its registered name, first_party. */
export function isFirstParty(client: object | undefined): boolean {
  return (client as { first_party?: unknown } | undefined)?.first_party === true;
}

export async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const client = oidc.client!;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  const accountId = oidc.account?.accountId;
  if (!isFirstParty(client) || !accountId) {
    return existing;
  }
  const grant = existing ?? new oidc.provider.Grant({ clientId: client.clientId, accountId });
  const before = existing ? contentOf(existing) : undefined;
  grant.addOIDCScope([...oidc.requestParamScopes].join(' '));
  if (oidc.requestParamClaims) {
    grant.addOIDCClaims([...oidc.requestParamClaims]);
  }
  // An API the client asked for (resource indicator): the scopes of it that it asked for.
  for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
    grant.addResourceScope(indicator, [...oidc.requestParamScopes].filter((scope) => server.scopes.has(scope)).join(' '));
  }
  // Saved only when new or widened: most authorizations of a signed-in user ask for what was granted.
  if (contentOf(grant) !== before) {
    await grant.save();
  }
  return grant;
}

function contentOf(grant: Grant): string {
  return JSON.stringify([grant.openid, grant.resources]);
}
