// Enterprise single sign-on: home-realm discovery sent the user here; they go to their company's provider
// and come back to /sso/callback, where the upstream identity finds (or makes) their account; then, unless
// the organization waives it, two-step verification; then the sign-in finishes.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { AccountRepository } from '../../accounts/account-repository.js';
import type { ClientRepository } from '../../clients/client-repository.js';
import { constantTimeEqual } from '../../core/random-token.js';
import { connectionIdOf, connectionProvider, connectionSource, keyId } from '../../federation/enterprise/connection-provider.js';
import type { EnterpriseResolution } from '../../federation/enterprise/link-enterprise-account.js';
import { FederationError } from '../../federation/federation-errors.js';
import type { SsoFlow, SsoFlows } from '../../federation/sso-flows.js';
import type { UpstreamOidc } from '../../federation/upstream-oidc.js';
import { readIdentity, type UpstreamIdentity } from '../../federation/upstream-identity.js';
import type { Renderer } from '../../http/render/renderer.js';
import { layoutBrand } from '../../http/render/brand.js';
import { requestInfo } from '../../http/request-info.js';
import type { TwoStep } from '../../mfa/two-step.js';
import type { MetadataRefresh } from '../../federation/saml/metadata-refresh.js';
import type { SamlBroker } from '../../federation/saml/saml-broker.js';
import { readResponse } from '../../federation/saml/test-report.js';
import { inProvenDomain, type Connection, type Organization, type SamlConnection } from '../../organizations/organization.js';
import type { Organizations } from '../../organizations/organizations.js';
import { loadInteraction, type Interaction } from '../interaction/interaction-context.js';
import { interactionExpired, wrongStep } from '../interaction/interaction-errors.js';
import { completeSignIn, type CompleteSignInDeps } from '../login/complete-sign-in.js';
import { SsoMessages } from './errors.js';
import { acsForm, callbackQuery, continueQuery, unsolicitedQuery } from './schema.js';
import { renderRedirectPage, renderSsoErrorPage } from './views.js';
import { requestLanguage } from '../../i18n/request-language.js';
import { parseQuery } from '../../http/input/parse-query.js';

export interface SsoDeps extends CompleteSignInDeps {
  readonly provider: () => Provider;
  readonly issuer: string;
  readonly accounts: Pick<AccountRepository, 'findById' | 'recordSignIn'>;
  readonly organizations: Organizations;
  readonly twoStep: Pick<TwoStep, 'isEnabled'>;
  readonly upstream: UpstreamOidc;
  readonly saml: SamlBroker;
  readonly metadata: MetadataRefresh;
  readonly flows: SsoFlows;
  readonly link: (organization: Organization, connection: Connection, identity: UpstreamIdentity) => Promise<EnterpriseResolution>;
  readonly clients: Pick<ClientRepository, 'find'>;
  readonly renderer: Renderer;
}

const STATE_COOKIE = 'sso_state';
/** IdP-initiated SAML: this browser's held identity, until the application's authorization request comes. */
const UNSOLICITED_COOKIE = 'sso_unsolicited';
const COOKIE_MAX_AGE_MS = 10 * 60 * 1000;

export function createSsoHandler(deps: SsoDeps) {
  /** The sign-in this browser is in, with the company connection home-realm discovery chose. */
  const discovered = async (ctx: Context) => {
    const provider = deps.provider();
    const interaction = await loadInteraction(ctx, provider);
    const state = await deps.signInState.load(interaction.uid);
    const connection = state?.connectionId ? await deps.organizations.connection(state.connectionId) : undefined;
    if (interaction.prompt.name !== 'login' || !state || !connection) {
      throw wrongStep();
    }
    return { provider, interaction, state, connection, organization: await deps.organizations.get(connection.organizationId) };
  };
  const fail = async (ctx: Context, reason: keyof typeof SsoMessages, context: {
    uid?: string | undefined; detail?: string | undefined; err?: unknown; organizationId?: string | undefined;
  }) => {
    deps.logger.warn({ event: 'sso.failed', reason, err: context.err }, 'company sign-in failed');
    if (context.organizationId) {
      await deps.audit.record({ type: 'sign_in.failed', reason: `sso_${reason}`, organizationId: context.organizationId, request: requestInfo(ctx),
        details: { method: 'sso' } });
    }
    renderSsoErrorPage(ctx, deps.renderer, {
      message: SsoMessages[reason], code: reason, detail: context.detail, restartUrl: context.uid ? `/interaction/${context.uid}` : undefined,
    }, reason === 'unreachable' ? 502 : 400);
  };

  /** Whether this browser started the sign-in of `state` (its cookie, used up here, says so). */
  const startedHere = (ctx: Context, state: string) => {
    const sent = ctx.cookies.get(STATE_COOKIE, { signed: true });
    ctx.cookies.set(STATE_COOKIE, null, { path: '/sso' });
    return sent !== undefined && state !== '' && constantTimeEqual(sent, state);
  };

  /** A company's provider said who signed in: their account found (or made, just in time), then on to finish. */
  const signedInUpstream = async (ctx: Context, flow: Pick<SsoFlow, 'interactionUid' | 'source'>, connection: Connection, identity: UpstreamIdentity) => {
    const uid = flow.interactionUid;
    const organization = await deps.organizations.get(connection.organizationId);
    const resolution = await deps.link(organization, connection, identity);
    if ('problem' in resolution) {
      return fail(ctx, resolution.problem, { uid, organizationId: connection.organizationId, detail: resolution.email });
    }
    if (resolution.created) {
      await deps.audit.record({
        type: 'account.created', organizationId: organization.id, accountId: resolution.account.id, email: resolution.account.email,
        request: requestInfo(ctx), details: { via: 'jit', connection: connection.id, issuer: connection.issuer },
      });
    }
    const before = await deps.signInState.load(uid);
    await deps.signInState.save(uid, {
      email: resolution.account.email, remember: before?.remember ?? false, accountId: resolution.account.id, federated: flow.source,
      firstFactor: 'fed', ...(identity.multiFactor ? { federatedMfa: true } : {}),
    }, Math.floor(Date.now() / 1000) + 10 * 60);
    ctx.status = 303;
    ctx.redirect(`/interaction/${uid}/federated/complete`);
  };

  /**
   * The identity in a SAML response, checked; undefined once the error page is rendered. A signature by a
   * certificate we do not know yet sends us to the connection's metadata (it may list it now: a rollover).
   */
  const checkedIdentity = async (ctx: Context, connection: SamlConnection, form: { SAMLResponse: string; RelayState?: string },
    context: { uid?: string | undefined; unsolicited?: boolean }): Promise<UpstreamIdentity | undefined> => {
    const options = { unsolicited: context.unsolicited === true };
    try {
      return await deps.saml.identityOf(connection, form, options).catch(async (error: unknown) => {
        const refreshed = error instanceof FederationError && error.failure === 'saml_signature'
          ? await deps.metadata.refreshAfterFailure(connection) : undefined;
        if (!refreshed) {
          throw error;
        }
        return deps.saml.identityOf(refreshed, form, options);
      });
    } catch (error) {
      const failure = error instanceof FederationError ? error.failure : 'invalid_response';
      const detail = error instanceof FederationError ? error.userMessage : undefined;
      await fail(ctx, failure, { uid: context.uid, organizationId: connection.organizationId, err: error, detail });
      return undefined;
    }
  };

  /**
   * IdP-initiated sign-in (the user chose the application on their company's portal): the response is
   * checked as any other, except that it must answer no request; its identity is held, and the browser sent
   * on (through a GET of ours, which can set a cookie) to the chosen client's login initiation endpoint.
   * The client then starts an authorization of its own, with its state, nonce and PKCE, which the held
   * identity answers: the application never receives a response it did not ask for.
   */
  const idpInitiated = async (ctx: Context, connection: SamlConnection, form: { SAMLResponse: string }) => {
    const identity = await checkedIdentity(ctx, connection, form, { unsolicited: true });
    if (!identity) {
      return;
    }
    const token = await deps.flows.holdUnsolicited(connection.id, identity);
    ctx.status = 303;
    ctx.redirect(`/sso/saml/unsolicited?token=${encodeURIComponent(token)}`);
  };

  return {
    /** The page in between: a meta refresh goes on at once, and 'Continue' does it by hand. */
    async showRedirect(ctx: Context): Promise<void> {
      const { interaction, state, organization } = await discovered(ctx);
      renderRedirectPage(ctx, deps.renderer, {
        uid: interaction.uid, organization: organization.branding.displayName ?? organization.name, email: state.email, ssoOnly: organization.ssoOnly,
        brand: layoutBrand(organization), language: requestLanguage(ctx, interaction.params['ui_locales']), uiLocales: interaction.params['ui_locales'],
      });
    },

    async start(ctx: Context): Promise<void> {
      const { interaction, state, connection } = await discovered(ctx);
      const flow = await deps.flows.start({ interactionUid: interaction.uid, source: connectionSource(connection) });
      if (connection.protocol === 'saml') {
        deps.metadata.refreshIfStale(connection);
      }
      let target: URL;
      try {
        target = connection.protocol === 'saml'
          ? new URL(await deps.saml.authorizationUrl(connection, flow.state))
          : await deps.upstream.authorizationUrl(connectionProvider(connection), {
            redirectUri: `${deps.issuer}/sso/callback`, checks: flow, loginHint: state.email,
          });
      } catch (error) {
        return fail(ctx, error instanceof FederationError ? error.failure : 'unreachable', { uid: interaction.uid, err: error });
      }
      // Binds the callback to this browser: a callback that this browser did not start is refused.
      ctx.cookies.set(STATE_COOKIE, flow.state, { signed: true, httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: COOKIE_MAX_AGE_MS, path: '/sso' });
      ctx.status = 303;
      ctx.redirect(target.toString());
    },

    async callback(ctx: Context): Promise<void> {
      const query = parseQuery(callbackQuery, ctx);
      if (!startedHere(ctx, query.state)) {
        return fail(ctx, 'state_mismatch', {});
      }
      const flow = await deps.flows.take(query.state);
      const connection = flow ? await deps.organizations.connection(connectionIdOf(flow.source)) : undefined;
      if (!flow || connection?.protocol !== 'oidc') {
        return fail(ctx, 'replayed', {});
      }
      const uid = flow.interactionUid;
      if (query.error) {
        return fail(ctx, 'denied', { uid, organizationId: connection.organizationId, detail: query.error_description ?? query.error });
      }
      let claims: Record<string, unknown>;
      try {
        claims = await deps.upstream.callback(connectionProvider(connection), new URL(`${deps.issuer}${ctx.url}`), flow);
      } catch (error) {
        const failure = error instanceof FederationError ? error.failure : 'invalid_response';
        const detail = error instanceof FederationError ? error.userMessage : undefined;
        return fail(ctx, failure, { uid, organizationId: connection.organizationId, err: error, detail });
      }
      const identity = readIdentity(claims, connection.claims);
      if (!identity) {
        return fail(ctx, 'missing_claims', { uid, organizationId: connection.organizationId });
      }
      return signedInUpstream(ctx, flow, connection, identity);
    },

    /**
     * SAML's Assertion Consumer Service (HTTP-POST). The post comes from the identity provider's page, another
     * site: the browser sends none of our SameSite=Lax cookies with it. The response is checked here, its
     * sign-in found by RelayState (taken once), and the browser sent on to a GET that carries our cookies.
     */
    async assertionConsumer(ctx: Context): Promise<void> {
      const form = acsForm.safeParse(ctx.request.body);
      if (!form.success) {
        return fail(ctx, 'invalid_response', {});
      }
      const flow = form.data.RelayState ? await deps.flows.take(form.data.RelayState) : undefined;
      const connection = flow ? await deps.organizations.connection(connectionIdOf(flow.source)) : undefined;
      if (!flow) {
        // No sign-in of ours: IdP-initiated, if the connection of its (claimed, then checked) Issuer takes them.
        const issuer = (await readResponse(form.data.SAMLResponse))?.issuer;
        const unsolicited = issuer ? await deps.organizations.idpInitiatedConnection(issuer) : undefined;
        return unsolicited ? idpInitiated(ctx, unsolicited, form.data) : fail(ctx, form.data.RelayState ? 'replayed' : 'saml_unsolicited', {});
      }
      if (connection?.protocol !== 'saml') {
        return fail(ctx, 'replayed', {});
      }
      if (flow.testBy) {
        // An administrator's test: what came back, part by part, on their Admin Center page.
        const organization = await deps.organizations.get(connection.organizationId);
        await deps.flows.holdReport(flow, await deps.saml.inspect(connection, form.data, (email) => inProvenDomain(organization, email)));
        ctx.status = 303;
        ctx.redirect(`/admin/settings/connection/saml-test?state=${encodeURIComponent(flow.state)}`);
        return;
      }
      const identity = await checkedIdentity(ctx, connection, form.data, { uid: flow.interactionUid });
      if (!identity) {
        return;
      }
      await deps.flows.hold(flow, identity);
      ctx.status = 303;
      ctx.redirect(`/sso/saml/continue?state=${encodeURIComponent(flow.state)}`);
    },

    /** Back from the Assertion Consumer Service, with our cookies: the sign-in must be this browser's. */
    async samlContinue(ctx: Context): Promise<void> {
      const query = parseQuery(continueQuery, ctx);
      if (!startedHere(ctx, query.state)) {
        return fail(ctx, 'state_mismatch', {});
      }
      const held = await deps.flows.takeHeld(query.state);
      const connection = held ? await deps.organizations.connection(connectionIdOf(held.flow.source)) : undefined;
      if (!held || !connection) {
        return fail(ctx, 'replayed', {});
      }
      return signedInUpstream(ctx, held.flow, connection, held.identity);
    },

    /** IdP-initiated, back from the ACS: the held identity bound to this browser, then on to the application. */
    async samlUnsolicited(ctx: Context): Promise<void> {
      const { token } = parseQuery(unsolicitedQuery, ctx);
      const held = await deps.flows.takeUnsolicited(token);
      const connection = held ? await deps.organizations.connection(held.connectionId) : undefined;
      const client = connection?.protocol === 'saml' && connection.idpInitiatedClientId ? await deps.clients.find(connection.idpInitiatedClientId) : undefined;
      const initiateLoginUri = client ? URL.parse(String(client.metadata['initiate_login_uri'] ?? '')) : null;
      if (!held || !connection || !initiateLoginUri) {
        return fail(ctx, 'replayed', { organizationId: connection?.organizationId });
      }
      const bound = await deps.flows.holdUnsolicited(held.connectionId, held.identity);
      ctx.cookies.set(UNSOLICITED_COOKIE, bound, {
        signed: true, httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: COOKIE_MAX_AGE_MS, path: '/interaction',
      });
      // OpenID Connect Core 1.0, section 4: who asks (iss), and whom to sign in (login_hint).
      initiateLoginUri.searchParams.set('iss', deps.issuer);
      if (held.identity.email) {
        initiateLoginUri.searchParams.set('login_hint', held.identity.email);
      }
      ctx.status = 303;
      ctx.redirect(initiateLoginUri.toString());
    },

    /**
     * An authorization request's sign-in page: when this browser holds an IdP-initiated identity, taken here,
     * and the request comes from the connection's chosen client, that identity signs in (as a company
     * sign-in, with everything that follows one). Whether it did.
     */
    async resumeUnsolicited(ctx: Context, interaction: Interaction): Promise<boolean> {
      const token = ctx.cookies.get(UNSOLICITED_COOKIE, { signed: true });
      if (token === undefined) {
        return false;
      }
      ctx.cookies.set(UNSOLICITED_COOKIE, null, { path: '/interaction' });
      const held = await deps.flows.takeUnsolicited(token);
      const connection = held ? await deps.organizations.connection(held.connectionId) : undefined;
      if (!held || connection?.protocol !== 'saml' || connection.idpInitiatedClientId !== interaction.params['client_id']) {
        return false;
      }
      await signedInUpstream(ctx, { interactionUid: interaction.uid, source: connectionSource(connection) }, connection, held.identity);
      return true;
    },

    /** Our SAML service provider's metadata, for the company's identity provider. */
    metadata(ctx: Context): void {
      ctx.type = 'application/samlmetadata+xml';
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.body = deps.saml.metadataXml();
    },

    /** The public key of a private_key_jwt connection, for the company's provider to verify our assertions. */
    async jwks(ctx: Context): Promise<void> {
      const connection = await deps.organizations.connection(String(ctx['params']?.id));
      if (connection?.protocol !== 'oidc' || !connection.privateJwk) {
        ctx.status = 404;
        ctx.body = { error: 'not_found' };
        return;
      }
      const { d: _private, ...publicJwk } = connection.privateJwk;
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.body = { keys: [{ ...publicJwk, kid: keyId(connection), alg: 'ES256', use: 'sig' }] };
    },

    /**
     * Back in the browser's own sign-in after any federated sign-in (company or social): two-step
     * verification if due (an organization may waive it after its own company sign-in), then done.
     */
    async complete(ctx: Context): Promise<void> {
      const provider = deps.provider();
      const interaction = await loadInteraction(ctx, provider);
      const state = await deps.signInState.load(interaction.uid);
      if (interaction.prompt.name !== 'login' || !state?.accountId || !state.federated) {
        throw wrongStep();
      }
      const account = await deps.accounts.findById(state.accountId);
      if (!account) {
        throw interactionExpired();
      }
      if (account.status !== 'ACTIVE') {
        await deps.audit.record({
          type: 'sign_in.failed', reason: 'suspended', accountId: account.id, email: account.email, request: requestInfo(ctx),
          details: { method: state.federated?.startsWith('connection:') ? 'sso' : 'social' },
        });
        return fail(ctx, 'suspended', { uid: interaction.uid });
      }
      const membership = await deps.organizations.membershipOf(account.id);
      const companyConnection = membership ? await deps.organizations.connectionOf(membership.organizationId) : undefined;
      const waived = membership?.organization.waiveMfaForSso === true && companyConnection !== undefined
        && state.federated === connectionSource(companyConnection);
      if ((await deps.twoStep.isEnabled(account.id)) && !waived) {
        await deps.signInState.save(interaction.uid, { ...state, mfa: true, mfaFailures: 0 }, interaction.exp);
        ctx.status = 303;
        ctx.redirect(`/interaction/${interaction.uid}/mfa`);
        return;
      }
      await completeSignIn(ctx, deps, {
        provider, interaction, account, remember: state.remember, amr: state.federatedMfa ? ['fed', 'mfa'] : ['fed'], trustDevice: false, mfaWaived: waived,
        method: state.federated?.startsWith('connection:') ? 'sso' : 'social',
      });
    },
  };
}

export type SsoHandler = ReturnType<typeof createSsoHandler>;
