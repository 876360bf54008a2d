// 'Test the connection' in the Admin Center: can this server use the company's provider? Discovery, the
// endpoints a sign-in needs, the client authentication, and the signing keys, each reported on its own.
import type { Logger } from '../core/logger.js';
import { isLoopbackHost } from '../clients/redirect-uri-rules.js';
import { outboundFailureIn } from '../outbound/outbound-error.js';
import { discoverNow, type OutboundDeps, type UpstreamProvider } from './upstream-oidc.js';

export interface ProviderCheckStep {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ProviderCheck {
  readonly ok: boolean;
  readonly steps: readonly ProviderCheckStep[];
}

/** Tenants see what the provider answered, never why a connection failed (that would map the network). */
export const UNREACHABLE = 'could not reach the provider';

type CheckDeps = OutboundDeps & { readonly logger: Logger };

export async function checkProvider(provider: UpstreamProvider, deps: CheckDeps): Promise<ProviderCheck> {
  const steps: ProviderCheckStep[] = [];
  const describe = (error: unknown, url: string) => describeFailure(error, url, provider, deps.logger);
  const done = () => ({ ok: steps.every((step) => step.ok), steps });
  let metadata: Record<string, unknown>;
  try {
    metadata = { ...(await discoverNow(provider, deps)).serverMetadata() };
    steps.push({ name: 'Discovery', ok: true, detail: `${provider.issuer}/.well-known/openid-configuration answered, with this issuer` });
  } catch (error) {
    steps.push({ name: 'Discovery', ok: false, detail: `${provider.issuer}/.well-known/openid-configuration: ${describe(error, provider.issuer)}` });
    return done();
  }
  const endpoints = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'].filter((name) => typeof metadata[name] !== 'string');
  steps.push({
    name: 'Endpoints', ok: endpoints.length === 0,
    detail: endpoints.length === 0 ? 'authorization, token and keys endpoints are published' : `missing: ${endpoints.join(', ')}`,
  });
  const responseTypes = metadata['response_types_supported'];
  const codeFlow = !Array.isArray(responseTypes) || responseTypes.includes('code');
  steps.push({ name: 'Authorization code flow', ok: codeFlow, detail: codeFlow ? 'supported' : 'response_type code is not supported' });
  const methods = metadata['token_endpoint_auth_methods_supported'];
  const authOk = !Array.isArray(methods) || methods.includes(provider.auth.method);
  steps.push({
    name: 'Client authentication', ok: authOk,
    detail: authOk ? `${provider.auth.method} is accepted` : `${provider.auth.method} is not among ${(methods as string[]).join(', ')}`,
  });
  if (typeof metadata['jwks_uri'] === 'string') {
    steps.push(await checkKeys(metadata['jwks_uri'], provider, deps));
  }
  return done();
}

async function checkKeys(jwksUri: string, provider: UpstreamProvider, deps: CheckDeps): Promise<ProviderCheckStep> {
  const url = URL.parse(jwksUri);
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) {
    return { name: 'Signing keys', ok: false, detail: `${jwksUri} is not an https:// address` };
  }
  try {
    const response = await deps.outbound[provider.reach](url, { redirect: 'error' });
    const body = (await response.json()) as { keys?: unknown };
    const count = Array.isArray(body.keys) ? body.keys.length : 0;
    return response.ok && count > 0
      ? { name: 'Signing keys', ok: true, detail: `${count} key${count === 1 ? '' : 's'} published` }
      : { name: 'Signing keys', ok: false, detail: `${jwksUri} answered ${response.status} with no keys` };
  } catch (error) {
    return { name: 'Signing keys', ok: false, detail: `${jwksUri}: ${describeFailure(error, jwksUri, provider, deps.logger)}` };
  }
}

function describeFailure(error: unknown, url: string, provider: UpstreamProvider, logger: Logger): string {
  const outbound = outboundFailureIn(error);
  const { name, code } = error as { name?: string; code?: string };
  if (outbound || error instanceof TypeError || name === 'TimeoutError' || name === 'AbortError' || code === 'OAUTH_TIMEOUT') {
    logger.info({ url, issuer: provider.issuer, reason: outbound?.reason, detail: outbound?.message ?? (error as Error).message }, 'provider check: no connection');
    return UNREACHABLE;
  }
  // The provider answered, with something this server cannot use: that much it may say.
  const { message, cause } = error as { message?: string; cause?: { message?: string; code?: string } };
  return cause?.message ?? message ?? 'failed';
}
