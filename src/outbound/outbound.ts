// The two outbound clients: one for URLs the operator set (environment, CLI), which may go anywhere, and one
// for URLs a tenant or a registered client set, which may reach public addresses only (and what the
// operator's OUTBOUND_ALLOW_PRIVATE names).
import { createAddressRules } from './address-rules.js';
import { createOutboundFetch, type OutboundFetch, type Resolve } from './outbound-fetch.js';

/** Whose URL it is: `any` for the operator's, `public` for a tenant's. */
export type Reach = 'any' | 'public';

export type Outbound = Readonly<Record<Reach, OutboundFetch>>;

export function createOutbound(settings: {
  readonly allowedHosts: readonly string[];
  readonly allowedRanges: readonly string[];
  readonly timeoutSeconds: number;
  readonly resolve?: Resolve;
}): Outbound {
  const common = { timeoutMs: settings.timeoutSeconds * 1000, ...(settings.resolve ? { resolve: settings.resolve } : {}) };
  return {
    any: createOutboundFetch({ ...common, guard: undefined }),
    public: createOutboundFetch({ ...common, guard: { rules: createAddressRules(settings.allowedRanges), allowedHosts: settings.allowedHosts } }),
  };
}
