// Identifier-first sign-in: page 1 asks for the email, page 2 for the password. A right password from a
// browser the account does not trust goes on to login verification; failures are throttled.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { AccountRepository } from '../../accounts/account-repository.js';
import { normalizeEmail } from '../../accounts/normalize-email.js';
import type { TrustedDevices } from '../../accounts/trusted-devices.js';
import { layoutBrand } from '../../http/render/brand.js';
import { requestLanguage } from '../../i18n/request-language.js';
import { requestInfo } from '../../http/request-info.js';
import type { Mailer } from '../../mail/mailer.js';
import type { TwoStep } from '../../mfa/two-step.js';
import type { Organization } from '../../organizations/organization.js';
import type { Organizations } from '../../organizations/organizations.js';
import type { SignInPolicies } from '../../organizations/sign-in-policy.js';
import type { LoginVerification } from '../../methods/email-verification/login-verification.js';
import type { PasswordMethod } from '../../methods/password/password-method.js';
import type { Renderer } from '../../http/render/renderer.js';
import type { AttemptThrottle } from '../../throttling/attempt-throttle.js';
import { deviceContext } from '../interaction/device-cookie.js';
import { interactionClient, loadInteraction, sessionAccount, steppedUpSession, type Interaction, type InteractionClient } from '../interaction/interaction-context.js';
import { interactionExpired, wrongStep } from '../interaction/interaction-errors.js';
import { isOrganizationStepUp, isStepUp, stepUpTarget } from '../interaction/step-up.js';
import { ACR } from '../../provider/acr.js';
import { completeSignIn, type CompleteSignInDeps } from './complete-sign-in.js';
import { loginMessages, throttleMessage, type LoginMessages } from './errors.js';
import { notifyBlock } from './notify-block.js';
import { identifierForm, identifierQuery, passkeySignInForm, passwordForm } from './schema.js';
import { passkeyAmr, type Passkeys, type PasskeyRefusal } from '../../methods/passkey/passkeys.js';
import { renderIdentifierPage, renderPasskeyStepUpPage, renderPasswordPage, type SocialButton } from './views.js';

export interface LoginDeps extends CompleteSignInDeps {
  readonly provider: () => Provider;
  readonly password: PasswordMethod;
  readonly accounts: Pick<AccountRepository, 'findById' | 'findByEmail' | 'recordSignIn'>;
  readonly devices: TrustedDevices;
  readonly throttle: AttemptThrottle;
  readonly verification: LoginVerification;
  readonly policies: Pick<SignInPolicies, 'forAccount'>;
  readonly twoStep: Pick<TwoStep, 'isEnabled'>;
  readonly organizations: Pick<Organizations, 'forEmail' | 'connectionOf'>;
  readonly mailer: Mailer;
  readonly forgotUrl: string;
  readonly renderer: Renderer;
  /** The organization that manages this client (its application), if one does. */
  readonly organizationOfClient: (clientId: string) => Promise<Organization | undefined>;
  readonly passkeys: Pick<Passkeys, 'signInOptions' | 'signIn' | 'list'>;
  /** The enabled social and other providers, for their buttons. */
  readonly social: readonly SocialButton[];
}

export function createLoginHandler(deps: LoginDeps) {
  /**
   * The look on the pages after the email is known: its organization's (by its proven domain), else that of
   * the organization whose application asks.
   */
  const brandOf = async (email: string, clientId: string) => layoutBrand((await deps.organizations.forEmail(email))?.organization)
    ?? layoutBrand(await deps.organizationOfClient(clientId));
  const loginInteraction = async (ctx: Context) => {
    const provider = deps.provider();
    const interaction = await loadInteraction(ctx, provider);
    if (interaction.prompt.name !== 'login') {
      throw wrongStep();
    }
    return { provider, interaction, client: await interactionClient(provider, interaction) };
  };
  const language = (ctx: Context, interaction: Interaction) => requestLanguage(ctx, interaction.params['ui_locales']);
  const page = (ctx: Context, interaction: Interaction) => ({
    uid: interaction.uid, csrfToken: String(ctx.state['csrfToken']), social: deps.social, language: language(ctx, interaction),
    uiLocales: interaction.params['ui_locales'],
  });
  const backToStart = (ctx: Context, interaction: Interaction) => {
    ctx.status = 303;
    ctx.redirect(`/interaction/${interaction.uid}`);
  };

  const handler = {
    /** Page 1. The email comes from a 'Change' link, login_hint, or the account being re-authenticated. */
    async showIdentifier(ctx: Context, provider: Provider, interaction: Interaction): Promise<void> {
      const query = identifierQuery.safeParse(ctx.query);
      const saved = await deps.signInState.load(interaction.uid);
      const hint = interaction.params['login_hint'];
      const current = interaction.session?.accountId ? await deps.accounts.findById(interaction.session.accountId) : undefined;
      const email = (query.success ? query.data.email : undefined) ?? saved?.email
        ?? (typeof hint === 'string' ? hint : undefined) ?? current?.email ?? '';
      const client = await interactionClient(provider, interaction);
      renderIdentifierPage(ctx, deps.renderer, {
        ...page(ctx, interaction), client, email, remember: saved?.remember ?? false,
        brand: layoutBrand(await deps.organizationOfClient(client.clientId)),
      });
    },

    async submitIdentifier(ctx: Context): Promise<void> {
      const { interaction, client } = await loginInteraction(ctx);
      const form = identifierForm.safeParse(ctx.request.body);
      const email = form.success ? normalizeEmail(form.data.email) : undefined;
      const remember = form.success && form.data.remember === 'yes';
      if (!email) {
        renderIdentifierPage(ctx, deps.renderer, {
          ...page(ctx, interaction), client, email: form.success ? form.data.email : '', remember, emailError: loginMessages(deps.renderer, language(ctx, interaction)).invalidEmail,
        }, 400);
        return;
      }
      // Home-realm discovery: an email of a company with its own sign-in goes there.
      const connection = (await deps.organizations.forEmail(email))?.connection;
      await deps.signInState.save(interaction.uid, { email, remember, connectionId: connection?.id }, interaction.exp);
      ctx.status = 303;
      ctx.redirect(`/interaction/${interaction.uid}/${connection ? 'sso' : 'login/password'}`);
    },

    /** Page 2. Without an email from page 1, back to page 1. */
    async showPassword(ctx: Context): Promise<void> {
      const { interaction, client } = await loginInteraction(ctx);
      const state = await deps.signInState.load(interaction.uid);
      if (!state) {
        return backToStart(ctx, interaction);
      }
      renderPasswordPage(ctx, deps.renderer, {
        ...page(ctx, interaction), client, email: state.email,
        companyUrl: state.connectionId ? `/interaction/${interaction.uid}/sso/start` : undefined,
        brand: await brandOf(state.email, client.clientId),
      });
    },

    async submitPassword(ctx: Context): Promise<void> {
      const { provider, interaction, client } = await loginInteraction(ctx);
      const say = loginMessages(deps.renderer, language(ctx, interaction));
      const state = await deps.signInState.load(interaction.uid);
      if (!state) {
        return backToStart(ctx, interaction);
      }
      const refuse = async (error: string, status: number) =>
        renderPasswordPage(ctx, deps.renderer, { ...page(ctx, interaction), client, email: state.email, error, brand: await brandOf(state.email, client.clientId) }, status);
      const failed = (reason: string, accountId?: string, details?: Record<string, unknown>) => deps.audit.record({
        type: 'sign_in.failed', reason, accountId, email: state.email, clientId: client.clientId, request: requestInfo(ctx),
        details: { method: 'password', ...details },
      });
      const verdict = await deps.throttle.check(state.email, ctx.ip);
      if (!verdict.allowed) {
        await failed('throttled');
        return refuse(throttleMessage(verdict, say), 429);
      }
      const form = passwordForm.safeParse(ctx.request.body);
      const password = form.success ? form.data.password : '';
      const passkeyCapable = form.success && form.data.passkeys === 'yes' ? true : undefined;
      if (!password) {
        return refuse(say.missingPassword, 400);
      }
      const account = await deps.password.authenticate(state.email, password);
      if (!account) {
        const failure = await deps.throttle.fail(state.email, ctx.ip);
        await failed('invalid_credentials', undefined, failure.blockStarted ? { blocked: true } : undefined);
        if (failure.blockStarted) {
          await notifyBlock(deps, state.email, ctx.ip, failure.verdict.retryAfterSeconds);
        }
        return failure.verdict.blocked ? refuse(throttleMessage(failure.verdict, say), 429) : refuse(say.invalidCredentials, 401);
      }
      await deps.throttle.succeed(state.email, ctx.ip);
      if (account.status !== 'ACTIVE') {
        await failed('suspended', account.id);
        return refuse(say.suspended, 403);
      }
      // The organization's rules, read once for the rest of this sign-in.
      const policy = await deps.policies.forAccount(account.id, account.email);
      const twoStep = await deps.twoStep.isEnabled(account.id);
      // A break-glass administrator without two-step verification set up is held like any other member.
      if ((policy.ssoOnly || (policy.breakGlass && !twoStep)) && policy.organizationId) {
        // 'Enterprise SSO only': the right password still does not let a member in.
        const connection = await deps.organizations.connectionOf(policy.organizationId);
        await deps.signInState.save(interaction.uid, { ...state, connectionId: connection?.id }, interaction.exp);
        await failed('sso_only', account.id);
        // One way on, the company's: no password form, no social buttons.
        return renderPasswordPage(ctx, deps.renderer, {
          ...page(ctx, interaction), social: [], client, email: state.email, error: say.ssoOnly(policy.organizationName ?? ''),
          ssoUrl: connection ? `/interaction/${interaction.uid}/sso` : undefined,
        }, 403);
      }
      if (twoStep) {
        // The authenticator code proves more than an email would: no login verification after it.
        await deps.signInState.save(interaction.uid, { ...state, accountId: account.id, mfa: true, mfaFailures: 0, passkeyCapable }, interaction.exp);
        ctx.status = 303;
        ctx.redirect(`/interaction/${interaction.uid}/mfa`);
        return;
      }
      if (policy.loginVerification && !(await deps.devices.isTrusted(account.id, deviceContext(ctx)))) {
        const verificationId = await deps.verification.start(account, interaction.uid, {
          ...deviceContext(ctx), language: requestLanguage(ctx, interaction.params['ui_locales'], account.language),
        });
        await deps.signInState.save(interaction.uid, { ...state, accountId: account.id, verificationId, passkeyCapable }, interaction.exp);
        ctx.status = 303;
        ctx.redirect(`/interaction/${interaction.uid}/verify`);
        return;
      }
      await completeSignIn(ctx, deps, {
        provider, interaction, account, remember: state.remember, amr: [deps.password.amr], trustDevice: false, method: 'password', passkeyCapable,
      });
    },

    /** 'Sign in with a passkey' on page 1, or a step-up's passkey: the ceremony's options, for the page's script (JSON). */
    async passkeyOptions(ctx: Context): Promise<void> {
      const { interaction } = await loginInteraction(ctx);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await deps.passkeys.signInOptions(interaction.uid, passkeyStepUpAccount(interaction));
    },

    /**
     * A signed-in user asked for a phishing-resistant sign-in (by the application, or their organization):
     * one of their own passkeys, verifying them; without one, the way to add one first.
     */
    async passkeyStepUp(ctx: Context, provider: Provider, interaction: Interaction, error?: string, status = 200): Promise<void> {
      const account = await sessionAccount(deps.accounts, interaction);
      const client = await interactionClient(provider, interaction);
      const organization = isOrganizationStepUp(interaction) ? (await deps.policies.forAccount(account.id)).organizationName : undefined;
      renderPasskeyStepUpPage(ctx, deps.renderer, {
        uid: interaction.uid, csrfToken: String(ctx.state['csrfToken']), client, requiredBy: organization ?? client.name, email: account.email,
        hasPasskeys: (await deps.passkeys.list(account.id)).length > 0, error,
      }, status);
    },

    /**
     * The browser's answer. A passkey that verified the user (a PIN, a fingerprint) is two factors and ends
     * the sign-in; one that did not is the first factor, and an account with two-step verification goes on
     * to its code. No login verification by email: the passkey is bound to this site and proves the device.
     */
    async submitPasskey(ctx: Context): Promise<void> {
      const { provider, interaction, client } = await loginInteraction(ctx);
      if (passkeyStepUpAccount(interaction)) {
        return submitPasskeyStepUp(ctx, provider, interaction, client);
      }
      const say = loginMessages(deps.renderer, language(ctx, interaction));
      const form = passkeySignInForm.safeParse(ctx.request.body);
      const remember = form.success && form.data.remember === 'yes';
      const refuse = (reason: PasskeyRefusal | 'suspended' | 'sso_only', message: string, status: number, accountId?: string, email?: string) =>
        deps.audit.record({
          type: 'sign_in.failed', reason: `passkey_${reason}`, accountId, email, clientId: client.clientId, request: requestInfo(ctx),
          details: { method: 'passkey' },
        }).then(() => renderIdentifierPage(ctx, deps.renderer, { ...page(ctx, interaction), client, email: email ?? '', remember, passkeyError: message }, status));
      const result = form.success ? await deps.passkeys.signIn(interaction.uid, form.data.response) : 'malformed';
      if (typeof result === 'string') {
        return refuse(result, passkeyRefusalMessage(say, result), result === 'expired' ? 400 : 401);
      }
      const account = await deps.accounts.findById(result.passkey.accountId);
      if (!account || account.status !== 'ACTIVE') {
        return refuse('suspended', say.suspended, 403, account?.id, account?.email);
      }
      const policy = await deps.policies.forAccount(account.id, account.email);
      if (policy.ssoOnly && policy.organizationId) {
        return refuse('sso_only', say.ssoOnly(policy.organizationName ?? ''), 403, account.id, account.email);
      }
      const amr = passkeyAmr(result);
      if (!result.userVerified && (await deps.twoStep.isEnabled(account.id))) {
        await deps.signInState.save(interaction.uid, {
          email: account.email, remember, accountId: account.id, mfa: true, mfaFailures: 0, firstFactor: amr[0] as 'hwk' | 'swk',
        }, interaction.exp);
        ctx.status = 303;
        ctx.redirect(`/interaction/${interaction.uid}/mfa`);
        return;
      }
      await completeSignIn(ctx, deps, { provider, interaction, account, remember, amr, trustDevice: false, method: 'passkey' });
    },
  };

  /** The passkey of a step-up: the signed-in account's own, and one that verified the user. */
  async function submitPasskeyStepUp(ctx: Context, provider: Provider, interaction: Interaction, client: InteractionClient): Promise<void> {
    // The step-up page is not translated yet: its refusals stay in English with it.
    const say = loginMessages(deps.renderer);
    const account = await sessionAccount(deps.accounts, interaction);
    if (account.status !== 'ACTIVE') {
      throw interactionExpired();
    }
    const accountId = account.id;
    const refuse = async (reason: string, message: string, status: number) => {
      await deps.audit.record({
        type: 'sign_in.failed', reason: `passkey_${reason}`, accountId, email: account.email, clientId: client.clientId, request: requestInfo(ctx),
        details: { method: 'passkey', stepUp: true },
      });
      await handler.passkeyStepUp(ctx, provider, interaction, message, status);
    };
    const form = passkeySignInForm.safeParse(ctx.request.body);
    const result = form.success ? await deps.passkeys.signIn(interaction.uid, form.data.response) : 'malformed';
    if (typeof result === 'string') {
      return refuse(result, passkeyRefusalMessage(say, result), result === 'expired' ? 400 : 401);
    }
    if (result.passkey.accountId !== accountId) {
      return refuse('other_account', say.passkeyOtherAccount(account.email), 401);
    }
    if (!result.userVerified) {
      return refuse('no_user_verification', say.passkeyWithoutUserVerification, 401);
    }
    const { remember } = await steppedUpSession(provider, interaction);
    await completeSignIn(ctx, deps, { provider, interaction, account, remember, amr: passkeyAmr(result), trustDevice: false, method: 'passkey' });
  }
  return handler;
}

/** The account whose passkey a phishing-resistant step-up asks for; undefined on page 1's passkey sign-in. */
function passkeyStepUpAccount(interaction: Interaction): string | undefined {
  return isStepUp(interaction) && stepUpTarget(interaction) === ACR.phishingResistant ? interaction.session?.accountId : undefined;
}

function passkeyRefusalMessage(say: LoginMessages, refusal: PasskeyRefusal): string {
  return refusal === 'expired' ? say.passkeyExpired : refusal === 'unknown_credential' ? say.passkeyUnknown
    : refusal === 'counter_regressed' ? say.passkeyCloned : say.passkeyNotVerified;
}

export type LoginHandler = ReturnType<typeof createLoginHandler>;
