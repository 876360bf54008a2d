import type { Context } from 'koa';

import { isLoopbackHost } from '../clients/redirect-uri-rules.js';
import { sentHost } from '../http/pinned-host.js';

const LOOPBACK_IP = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * A request from this machine, to a loopback address: the client is on the loopback interface, it asked for
 * localhost (a reverse proxy in front would pass the public host name on; the Host as sent, not as pinned),
 * and nothing forwarded it.
 */
export function isLocalRequest(ctx: Context): boolean {
  const hostname = hostnameOf(sentHost(ctx.req));
  const host = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
  return LOOPBACK_IP.test(ctx.ip)
    && isLoopbackHost(host)
    && !ctx.get('x-forwarded-for') && !ctx.get('forwarded') && !ctx.get('x-real-ip');
}

/** The name in a Host header, without the port ('[::1]:3000' is '::1'). */
function hostnameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(host);
  if (bracketed) {
    return bracketed[1]!;
  }
  return host.split(':')[0] ?? '';
}
