// Where oidc-provider's endpoints live. The HTTP app hands these paths (and only these) to the provider.

export const PROVIDER_ROUTES = {
  authorization: '/auth',
  end_session: '/session/end',
  introspection: '/token/introspection',
  jwks: '/jwks',
  registration: '/reg',
  revocation: '/token/revocation',
  token: '/token',
  userinfo: '/me',
  pushed_authorization_request: '/request',
  device_authorization: '/device/auth',
  code_verification: '/device',
} as const;

const PREFIXES = ['/.well-known/', ...Object.values(PROVIDER_ROUTES)];

export function isProviderPath(path: string): boolean {
  return PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}
