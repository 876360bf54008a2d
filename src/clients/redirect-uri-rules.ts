// Which redirect URIs a client may register: https anywhere, http only on the loopback interface
// (RFC 8252 7.3), and private-use schemes for native apps (RFC 8252 7.1). Never a fragment.

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Says what is wrong with a redirect URI, or undefined when it is acceptable. */
export function checkRedirectUri(uri: string): string | undefined {
  const url = URL.parse(uri);
  if (!url) {
    return `${uri} is not an absolute URL`;
  }
  if (url.hash) {
    return `${uri} must not have a fragment`;
  }
  if (url.protocol === 'https:') {
    return undefined;
  }
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname) ? undefined : `${uri} must use https (http is only for localhost and 127.0.0.1)`;
  }
  // Private-use URI scheme of a native app: reverse domain name, e.g. com.example.app:/callback.
  return /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/.test(url.protocol) ? undefined : `${uri} has a scheme that is not allowed`;
}

/** A back-channel logout URI (OIDC Back-Channel Logout 1.0): https, or http on loopback; no fragment. */
export function checkBackchannelLogoutUri(uri: string): string | undefined {
  return checkLogoutUri(uri);
}

/**
 * A front-channel logout URI (OIDC Front-Channel Logout 1.0 section 2): as a back-channel one, and at the
 * scheme, host and port of one of the client's redirect URIs (the page the browser loads must be the
 * application's own).
 */
export function checkFrontchannelLogoutUri(uri: string, redirectUris: readonly string[]): string | undefined {
  const problem = checkLogoutUri(uri);
  if (problem) {
    return problem;
  }
  const { origin } = new URL(uri);
  return redirectUris.some((redirectUri) => URL.parse(redirectUri)?.origin === origin) ? undefined
    : `${uri} must be at the scheme, host and port of one of the client's redirect URIs`;
}

/** A login initiation endpoint (OpenID Connect Core 1.0, section 4): https only, as the standard (and oidc-provider) wants; no fragment. */
export function checkInitiateLoginUri(uri: string): string | undefined {
  const url = URL.parse(uri);
  if (!url || url.protocol !== 'https:') {
    return `${uri} must be an https URL`;
  }
  return url.hash ? `${uri} must not have a fragment` : undefined;
}

function checkLogoutUri(uri: string): string | undefined {
  const url = URL.parse(uri);
  if (!url || !['https:', 'http:'].includes(url.protocol)) {
    return `${uri} is not an http(s) URL`;
  }
  if (url.hash) {
    return `${uri} must not have a fragment`;
  }
  return url.protocol === 'https:' || isLoopbackHost(url.hostname) ? undefined : `${uri} must use https (http is only for localhost and 127.0.0.1)`;
}
