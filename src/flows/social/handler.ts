// Signing in with a social or other provider, and connecting one to an account (from My account). The
// callback binds to the browser that started (a cookie), takes its flow once, and lets the provider check
// its answer. An identity that is not connected signs nobody in: nothing is ever matched by email.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { AccountRepository } from '../../accounts/account-repository.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { constantTimeEqual } from '../../core/random-token.js';
import type { ExternalIdentityRepository } from '../../federation/external-identity-repository.js';
import { FederationError } from '../../federation/federation-errors.js';
import { socialCallbackUrl, type SocialRegistry } from '../../federation/social/registry.js';
import type { SocialProfile, SocialProvider } from '../../federation/social/social-provider.js';
import type { SsoFlow, SsoFlows } from '../../federation/sso-flows.js';
import type { Renderer } from '../../http/render/renderer.js';
import { requestInfo } from '../../http/request-info.js';
import type { Organizations } from '../../organizations/organizations.js';
import type { StateStore } from '../../storage/state/state-store.js';
import { loadInteraction } from '../interaction/interaction-context.js';
import { wrongStep } from '../interaction/interaction-errors.js';
import type { SignInStateStore } from '../interaction/sign-in-state.js';
import { SocialMessages } from './errors.js';
import { callbackQuery, postedAnswer, providerParams } from './schema.js';
import { renderSocialProblemPage } from './views.js';
import { parseQuery } from '../../http/input/parse-query.js';

export interface SocialDeps {
  readonly provider: () => Provider;
  readonly issuer: string;
  readonly registry: SocialRegistry;
  readonly flows: SsoFlows;
  readonly identities: ExternalIdentityRepository;
  readonly accounts: Pick<AccountRepository, 'findById'>;
  readonly organizations: Pick<Organizations, 'isSsoOnly'>;
  readonly signInState: SignInStateStore;
  readonly store: StateStore;
  readonly renderer: Renderer;
  readonly logger: { warn(details: object, message: string): void; info(details: object, message: string): void };
  readonly audit: Pick<AuditLog, 'record'>;
}

const STATE_COOKIE = 'social_state';
const COOKIE_MAX_AGE_MS = 10 * 60 * 1000;
const POSTED_SECONDS = 120;

export function createSocialHandler(deps: SocialDeps) {
  const providerOf = (ctx: Context): SocialProvider => {
    const params = providerParams.safeParse(ctx['params']);
    const provider = params.success ? deps.registry.get(params.data.provider) : undefined;
    if (!provider) {
      throw wrongStep();
    }
    return provider;
  };
  const problem = async (ctx: Context, provider: SocialProvider, reason: keyof typeof SocialMessages, flow: SsoFlow | undefined,
    extra: { detail?: string | undefined; err?: unknown; accountId?: string | undefined } = {}) => {
    deps.logger.warn({ event: 'social.failed', provider: provider.name, reason, err: extra.err }, 'social sign-in failed');
    if (extra.accountId) {
      // Only failures that name an account reach an organization's log.
      await deps.audit.record({
        type: 'sign_in.failed', reason: `social_${reason}`, accountId: extra.accountId, request: requestInfo(ctx), details: { provider: provider.name, method: 'social' },
      });
    }
    const back = flow?.connectAccountId ? { backUrl: '/account', backLabel: 'Back to My account' }
      : flow ? { backUrl: `/interaction/${flow.interactionUid}`, backLabel: 'Back to sign in' } : {};
    renderSocialProblemPage(ctx, deps.renderer, {
      provider: provider.label, message: SocialMessages[reason](provider.label), code: reason, detail: extra.detail, ...back,
    }, reason === 'unreachable' ? 502 : reason === 'not_connected' || reason === 'suspended' ? 403 : 400);
  };
  /** Sends the browser to the provider, bound to it by a cookie. */
  const redirect = async (ctx: Context, provider: SocialProvider, flow: SsoFlow) => {
    let target: string;
    try {
      target = await provider.authorizationUrl(flow, socialCallbackUrl(deps.issuer, provider.name), (verifier) => deps.flows.keepVerifier(flow, verifier));
    } catch (error) {
      return problem(ctx, provider, error instanceof FederationError ? error.failure : 'unreachable', flow, { err: error });
    }
    ctx.cookies.set(STATE_COOKIE, flow.state, { signed: true, httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: COOKIE_MAX_AGE_MS, path: '/social' });
    ctx.status = 303;
    ctx.redirect(target);
  };

  const signIn = async (ctx: Context, provider: SocialProvider, flow: SsoFlow, profile: SocialProfile) => {
    const identity = await deps.identities.find(provider.name, profile.subject);
    const account = identity ? await deps.accounts.findById(identity.accountId) : undefined;
    if (!identity || !account || account.status === 'INVITED') {
      return problem(ctx, provider, 'not_connected', flow);
    }
    if (account.status === 'SUSPENDED') {
      return problem(ctx, provider, 'suspended', flow, { accountId: account.id });
    }
    if (await deps.organizations.isSsoOnly(account)) {
      return problem(ctx, provider, 'sso_only', flow, { accountId: account.id });
    }
    const before = await deps.signInState.load(flow.interactionUid);
    await deps.signInState.save(flow.interactionUid, {
      email: account.email, remember: before?.remember ?? false, accountId: account.id, federated: provider.name, firstFactor: 'fed',
    }, Math.floor(Date.now() / 1000) + 10 * 60);
    ctx.status = 303;
    ctx.redirect(`/interaction/${flow.interactionUid}/federated/complete`);
  };

  const connect = async (ctx: Context, provider: SocialProvider, flow: SsoFlow & { connectAccountId: string }, profile: SocialProfile) => {
    const existing = await deps.identities.find(provider.name, profile.subject);
    if (existing && existing.accountId !== flow.connectAccountId) {
      return problem(ctx, provider, 'other_account', flow);
    }
    if (!existing) {
      await deps.identities.remove(flow.connectAccountId, provider.name);
      await deps.identities.link({ source: provider.name, subject: profile.subject, accountId: flow.connectAccountId, email: profile.email ?? null });
      await deps.audit.record({
        type: 'social.connected', accountId: flow.connectAccountId, request: requestInfo(ctx), details: { provider: provider.name },
      });
    }
    ctx.status = 303;
    ctx.redirect('/account?done=connected');
  };

  return {
    /** 'Sign in with ...' on the sign-in pages. */
    async start(ctx: Context): Promise<void> {
      const provider = providerOf(ctx);
      const interaction = await loadInteraction(ctx, deps.provider());
      if (interaction.prompt.name !== 'login') {
        throw wrongStep();
      }
      await redirect(ctx, provider, await deps.flows.start({ interactionUid: interaction.uid, source: provider.name }));
    },

    /** 'Connect' on My account, for an account that signed in recently (checked by the caller). */
    async startConnect(ctx: Context, accountId: string): Promise<void> {
      const provider = providerOf(ctx);
      await redirect(ctx, provider, await deps.flows.start({ interactionUid: '', source: provider.name, connectAccountId: accountId }));
    },

    /**
     * A provider's form_post answer (Apple) arrives as a cross-site POST, which brings no SameSite cookie:
     * keep it a moment and continue with a GET of our own, which does.
     */
    async callbackPost(ctx: Context): Promise<void> {
      providerOf(ctx);
      const answer = postedAnswer.safeParse(ctx.request.body);
      const state = answer.success ? answer.data['state'] : undefined;
      if (!answer.success || !state || !/^[A-Za-z0-9_-]{16,64}$/.test(state)) {
        throw wrongStep();
      }
      await deps.store.set(`social:posted:${state}`, JSON.stringify(answer.data), POSTED_SECONDS);
      ctx.status = 303;
      ctx.redirect(`${ctx.path}?${new URLSearchParams({ state, posted: '1' }).toString()}`);
    },

    async callback(ctx: Context): Promise<void> {
      const provider = providerOf(ctx);
      const { state, posted, ...rest } = parseQuery(callbackQuery, ctx);
      const sent = ctx.cookies.get(STATE_COOKIE, { signed: true });
      ctx.cookies.set(STATE_COOKIE, null, { path: '/social' });
      if (!sent || !state || !constantTimeEqual(sent, state)) {
        return problem(ctx, provider, 'state_mismatch', undefined);
      }
      const flow = await deps.flows.take(state);
      if (!flow || flow.source !== provider.name) {
        return problem(ctx, provider, 'replayed', undefined);
      }
      const stored = posted ? await deps.store.get(`social:posted:${state}`) : undefined;
      const body = stored === undefined ? undefined : postedAnswer.parse(JSON.parse(stored));
      let profile: SocialProfile;
      try {
        const query = Object.fromEntries(Object.entries(rest).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
        profile = await provider.profile({ query: { ...query, state }, body }, flow, socialCallbackUrl(deps.issuer, provider.name));
      } catch (error) {
        const failure = error instanceof FederationError ? error.failure : 'invalid_response';
        return problem(ctx, provider, failure, flow, { err: error, detail: error instanceof FederationError ? error.userMessage : undefined });
      }
      return flow.connectAccountId
        ? connect(ctx, provider, { ...flow, connectAccountId: flow.connectAccountId }, profile)
        : signIn(ctx, provider, flow, profile);
    },
  };
}

export type SocialHandler = ReturnType<typeof createSocialHandler>;
