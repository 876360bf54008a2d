// Every URL the server publishes or redirects to is built from the request's host (oidc-provider's
// discovery, redirects to our pages): the Host header, or X-Forwarded-Host behind a proxy, is whatever the
// client sent. Pinned to ISSUER's at the door, a forged Host cannot put another origin into discovery, a
// cache, or a redirect. (The scheme behind a trusted proxy stays the proxy's word: X-Forwarded-Proto.)
import type { IncomingMessage } from 'node:http';

const sentHosts = new WeakMap<IncomingMessage, string>();

export function hostPinning(issuer: string): (req: IncomingMessage) => void {
  const { host } = new URL(issuer);
  return (req) => {
    sentHosts.set(req, String(req.headers['x-forwarded-host'] ?? req.headers.host ?? ''));
    req.headers.host = host;
    delete req.headers['x-forwarded-host'];
  };
}

/** The host the client (or a proxy) asked for, before pinning: for the checks that care who asked. */
export function sentHost(req: IncomingMessage): string {
  return sentHosts.get(req) ?? req.headers.host ?? '';
}
