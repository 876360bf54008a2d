// Reading DNS TXT records, to prove a domain. DNS_SERVERS picks the resolvers (tests point it at a local
// server); otherwise the system's.
import { Resolver } from 'node:dns/promises';

/** The TXT records at a name, each joined from its strings; none when the name or the records do not exist. */
export type TxtLookup = (name: string) => Promise<string[]>;

export class DnsUnavailableError extends Error {}

const ABSENT = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

export function createTxtLookup(options: { servers?: readonly string[] | undefined; timeoutMs: number }): TxtLookup {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 2 });
  if (options.servers && options.servers.length > 0) {
    resolver.setServers([...options.servers]);
  }
  return async (name) => {
    try {
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (ABSENT.has(code)) {
        return [];
      }
      throw new DnsUnavailableError(`DNS lookup of ${name} failed: ${code || String(error)}`, { cause: error });
    }
  };
}
