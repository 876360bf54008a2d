// 'Test the connection' in the Admin Center: can this server use the company's provider? Discovery, the
// endpoints a sign-in needs, the client authentication, and the signing keys, each reported on its own.
import { isLoopbackHost } from '../clients/redirect-uri-rules.js';
import { discoverNow, type UpstreamProvider } from './upstream-oidc.js';

export interface ProviderCheckStep {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ProviderCheck {
  readonly ok: boolean;
  readonly steps: readonly ProviderCheckStep[];
}

export async function checkProvider(provider: UpstreamProvider, timeoutSeconds: number): Promise<ProviderCheck> {
  const steps: ProviderCheckStep[] = [];
  const done = () => ({ ok: steps.every((step) => step.ok), steps });
  let metadata: Record<string, unknown>;
  try {
    metadata = { ...(await discoverNow(provider, timeoutSeconds)).serverMetadata() };
    steps.push({ name: 'Discovery', ok: true, detail: `${provider.issuer}/.well-known/openid-configuration answered, with this issuer` });
  } catch (error) {
    steps.push({ name: 'Discovery', ok: false, detail: `${provider.issuer}/.well-known/openid-configuration: ${describe(error)}` });
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
    steps.push(await checkKeys(metadata['jwks_uri'], timeoutSeconds));
  }
  return done();
}

async function checkKeys(jwksUri: string, timeoutSeconds: number): Promise<ProviderCheckStep> {
  const url = URL.parse(jwksUri);
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) {
    return { name: 'Signing keys', ok: false, detail: `${jwksUri} is not an https:// address` };
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutSeconds * 1000), redirect: 'error' });
    const body = (await response.json()) as { keys?: unknown };
    const count = Array.isArray(body.keys) ? body.keys.length : 0;
    return response.ok && count > 0
      ? { name: 'Signing keys', ok: true, detail: `${count} key${count === 1 ? '' : 's'} published` }
      : { name: 'Signing keys', ok: false, detail: `${jwksUri} answered ${response.status} with no keys` };
  } catch (error) {
    return { name: 'Signing keys', ok: false, detail: `${jwksUri}: ${describe(error)}` };
  }
}

function describe(error: unknown): string {
  const { name, message, cause } = error as { name?: string; message?: string; cause?: { message?: string; code?: string } };
  if (name === 'TimeoutError' || name === 'AbortError') {
    return 'no answer in time';
  }
  return cause?.code ?? cause?.message ?? message ?? 'failed';
}
