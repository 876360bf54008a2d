// A sign-in at another provider in progress: what the callback must match (state, nonce, PKCE verifier)
// and which sign-in of ours it belongs to. In the state store for 10 minutes; taken once.
import { z } from 'zod';

import { randomToken } from '../core/random-token.js';
import type { StateStore } from '../storage/state/state-store.js';
import type { SamlTestReport } from './saml/test-report.js';
import type { UpstreamIdentity } from './upstream-identity.js';
import type { UpstreamChecks } from './upstream-oidc.js';

export const SSO_FLOW_MINUTES = 10;

const flowSchema = z.object({
  interactionUid: z.string(),
  /** connection:ID, or a social provider's name. */
  source: z.string(),
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  /** Set when the flow connects a provider to a signed-in account (My account) instead of signing in. */
  connectAccountId: z.string().optional(),
  /** Set when an administrator tests the organization's SAML connection: a report, no sign-in. */
  testBy: z.string().optional(),
});

export type SsoFlow = z.infer<typeof flowSchema> & UpstreamChecks;

export interface SsoFlows {
  start(fields: Pick<SsoFlow, 'interactionUid' | 'source' | 'connectAccountId' | 'testBy'>): Promise<SsoFlow>;
  /** The flow of this state, removed: a second callback with it finds nothing. */
  take(state: string): Promise<SsoFlow | undefined>;
  /** Replaces the PKCE verifier (passport makes its own). */
  keepVerifier(flow: SsoFlow, codeVerifier: string): Promise<void>;
  /**
   * SAML: the identity of a checked response, kept for the browser's next step. The response is posted
   * across sites, without our cookies; the GET it is sent on to carries them and takes the identity here.
   */
  hold(flow: SsoFlow, identity: UpstreamIdentity): Promise<void>;
  takeHeld(state: string): Promise<{ flow: SsoFlow; identity: UpstreamIdentity } | undefined>;
  /** A test sign-in's report, kept for the administrator's page (which must be the one who started it). */
  holdReport(flow: SsoFlow, report: SamlTestReport): Promise<void>;
  takeReport(state: string): Promise<{ flow: SsoFlow; report: SamlTestReport } | undefined>;
}

const STATE = /^[A-Za-z0-9_-]{16,64}$/;
const heldSchema = z.object({
  flow: flowSchema,
  identity: z.object({ subject: z.string(), email: z.string().optional(), name: z.string().optional(), multiFactor: z.boolean().optional() }),
});

export function createSsoFlows(store: StateStore): SsoFlows {
  const key = (state: string) => `sso:flow:${state}`;
  const heldKey = (state: string) => `sso:held:${state}`;
  return {
    async start(fields) {
      const flow: SsoFlow = { ...fields, state: randomToken(24), nonce: randomToken(24), codeVerifier: randomToken(48) };
      await store.set(key(flow.state), JSON.stringify(flow), SSO_FLOW_MINUTES * 60);
      return flow;
    },
    async keepVerifier(flow, codeVerifier) {
      await store.replace(key(flow.state), JSON.stringify({ ...flow, codeVerifier }));
    },
    async hold(flow, identity) {
      await store.set(heldKey(flow.state), JSON.stringify({ flow, identity }), SSO_FLOW_MINUTES * 60);
    },
    async takeHeld(state) {
      const stored = STATE.test(state) ? await store.take(heldKey(state)) : undefined;
      const parsed = stored === undefined ? undefined : heldSchema.safeParse(JSON.parse(stored));
      if (!parsed?.success) {
        return undefined;
      }
      const { subject, email, name, multiFactor } = parsed.data.identity;
      return { flow: parsed.data.flow, identity: { subject, email, name, multiFactor } };
    },
    async holdReport(flow, report) {
      await store.set(`sso:report:${flow.state}`, JSON.stringify({ flow, report }), SSO_FLOW_MINUTES * 60);
    },
    async takeReport(state) {
      const stored = STATE.test(state) ? await store.take(`sso:report:${state}`) : undefined;
      if (stored === undefined) {
        return undefined;
      }
      const { flow, report } = JSON.parse(stored) as { flow: unknown; report: SamlTestReport };
      const parsed = flowSchema.safeParse(flow);
      return parsed.success ? { flow: parsed.data, report } : undefined;
    },
    async take(state) {
      if (!STATE.test(state)) {
        return undefined;
      }
      // Of two callbacks racing with one state (a replay), one gets the flow.
      const stored = await store.take(key(state));
      if (stored === undefined) {
        return undefined;
      }
      const parsed = flowSchema.safeParse(JSON.parse(stored));
      return parsed.success ? parsed.data : undefined;
    },
  };
}
