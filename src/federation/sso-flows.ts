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
  /**
   * IdP-initiated SAML: the identity of a checked unsolicited response, under a new random token, until
   * the application's authorization request comes back for it (in 10 minutes at most). Taken once.
   */
  holdUnsolicited(connectionId: string, identity: UpstreamIdentity): Promise<string>;
  takeUnsolicited(token: string): Promise<{ connectionId: string; identity: UpstreamIdentity } | undefined>;
  /** A test sign-in's report, kept for the administrator's page (which must be the one who started it). */
  holdReport(flow: SsoFlow, report: SamlTestReport): Promise<void>;
  takeReport(state: string): Promise<{ flow: SsoFlow; report: SamlTestReport } | undefined>;
}

const STATE = /^[A-Za-z0-9_-]{16,64}$/;
const identitySchema = z.object({ subject: z.string(), email: z.string().optional(), name: z.string().optional(), multiFactor: z.boolean().optional() });

export function createSsoFlows(store: StateStore): SsoFlows {
  const key = (state: string) => `sso:flow:${state}`;
  // What a flow came back with, kept for the browser's next step under the flow's state: `kind` says what.
  const keep = (kind: 'held' | 'report', flow: SsoFlow, value: Record<string, unknown>) =>
    store.set(`sso:${kind}:${flow.state}`, JSON.stringify({ ...value, flow }), SSO_FLOW_MINUTES * 60);
  const takeKept = async (kind: 'held' | 'report', state: string) => {
    const stored = STATE.test(state) ? await store.take(`sso:${kind}:${state}`) : undefined;
    if (stored === undefined) {
      return undefined;
    }
    const { flow, ...value } = JSON.parse(stored) as Record<string, unknown>;
    const parsed = flowSchema.safeParse(flow);
    return parsed.success ? { flow: parsed.data, value } : undefined;
  };
  const readIdentity = (value: unknown): UpstreamIdentity | undefined => {
    const parsed = identitySchema.safeParse(value);
    if (!parsed.success) {
      return undefined;
    }
    // email and name are there, undefined or not, as UpstreamIdentity has them.
    const { subject, email, name, multiFactor } = parsed.data;
    return { subject, email, name, multiFactor };
  };
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
      await keep('held', flow, { identity });
    },
    async takeHeld(state) {
      const kept = await takeKept('held', state);
      const identity = readIdentity(kept?.value['identity']);
      return kept && identity ? { flow: kept.flow, identity } : undefined;
    },
    async holdUnsolicited(connectionId, identity) {
      const token = randomToken(24);
      await store.set(`sso:unsolicited:${token}`, JSON.stringify({ connectionId, identity }), SSO_FLOW_MINUTES * 60);
      return token;
    },
    async takeUnsolicited(token) {
      const stored = STATE.test(token) ? await store.take(`sso:unsolicited:${token}`) : undefined;
      const value = stored === undefined ? undefined : JSON.parse(stored) as { connectionId?: unknown; identity?: unknown };
      const identity = readIdentity(value?.identity);
      return typeof value?.connectionId === 'string' && identity ? { connectionId: value.connectionId, identity } : undefined;
    },
    async holdReport(flow, report) {
      await keep('report', flow, { report });
    },
    async takeReport(state) {
      const kept = await takeKept('report', state);
      return kept ? { flow: kept.flow, report: kept.value['report'] as SamlTestReport } : undefined;
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
