import type { Context } from 'koa';

import { isLoopbackHost } from '../clients/redirect-uri-rules.js';

const LOOPBACK_IP = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * A request from this machine, to a loopback address: the client is on the loopback interface, it asked for
 * localhost (a reverse proxy in front would pass the public host name on), and nothing forwarded it.
 */
export function isLocalRequest(ctx: Context): boolean {
  const host = ctx.hostname.includes(':') && !ctx.hostname.startsWith('[') ? `[${ctx.hostname}]` : ctx.hostname;
  return LOOPBACK_IP.test(ctx.ip)
    && isLoopbackHost(host)
    && !ctx.get('x-forwarded-for') && !ctx.get('forwarded') && !ctx.get('x-real-ip');
}
