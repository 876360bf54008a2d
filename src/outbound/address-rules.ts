// Which addresses an outbound request may reach when a tenant chose the URL: public unicast only, unless
// the operator allowed a range (an on-premises identity provider). Addresses arrive normalised (the URL
// parser turns 127.1, 2130706433 and 0177.0.0.1 into 127.0.0.1; the resolver gives plain addresses).
import { BlockList, isIP } from 'node:net';

// IANA special-purpose registries (RFC 6890 and its updates): none of these is a company's public server.
const SPECIAL_IPV4: readonly [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
const SPECIAL_IPV6: readonly [string, number][] = [
  ['::', 96], // unspecified, loopback and the IPv4-compatible forms
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['3fff::', 20], ['5f00::', 16],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
];

const special = new BlockList();
for (const [network, prefix] of SPECIAL_IPV4) {
  special.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of SPECIAL_IPV6) {
  special.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, which routes to it. */
function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) {
    return undefined;
  }
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
  const sixToFour = groups[0] === 0x2002;
  const [high, low] = nat64 ? [groups[6]!, groups[7]!] : sixToFour ? [groups[1]!, groups[2]!] : [undefined, undefined];
  return high === undefined || low === undefined ? undefined : [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function expandIpv6(address: string): number[] | undefined {
  const [head, tail, ...rest] = address.toLowerCase().split('::');
  if (rest.length > 0 || address.includes('.')) {
    return undefined; // dotted forms are IPv4-mapped or -compatible: refused above whatever they hold
  }
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const groups = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

export interface AddressRules {
  /** Whether a request whose URL a tenant chose may connect to this address. */
  allows(address: string): boolean;
}

/** `allowedRanges`: addresses or CIDR ranges the operator lets tenants reach although they are not public. */
export function createAddressRules(allowedRanges: readonly string[]): AddressRules {
  const allowed = new BlockList();
  for (const range of allowedRanges) {
    const [network, prefix] = range.split('/');
    const family = isIP(network!) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      allowed.addAddress(network!, family);
    } else {
      allowed.addSubnet(network!, Number(prefix), family);
    }
  }
  const check = (list: BlockList, address: string) => list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  return {
    allows(address) {
      if (isIP(address) === 0) {
        return false;
      }
      if (check(allowed, address)) {
        return true;
      }
      const inner = isIP(address) === 6 ? embeddedIpv4(address) : undefined;
      return !check(special, address) && (inner === undefined || !check(special, inner));
    },
  };
}
