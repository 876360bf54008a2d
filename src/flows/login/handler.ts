// Identifier-first sign-in: page 1 asks for the email, page 2 for the password.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { Logger } from '../../core/logger.js';
import type { Renderer } from '../../http/render/renderer.js';
import type { AccountRepository } from '../../accounts/account-repository.js';
import { normalizeEmail } from '../../accounts/normalize-email.js';
import type { PasswordMethod } from '../../methods/password/password-method.js';
import { ACR } from '../../provider/acr.js';
import { finishInteraction, interactionClient, loadInteraction, type Interaction } from '../interaction/interaction-context.js';
import { wrongStep } from '../interaction/interaction-errors.js';
import type { SignInStateStore } from '../interaction/sign-in-state.js';
import { LoginMessages } from './errors.js';
import { identifierForm, identifierQuery, passwordForm } from './schema.js';
import { renderIdentifierPage, renderPasswordPage } from './views.js';

export interface LoginDeps {
  readonly provider: () => Provider;
  readonly password: PasswordMethod;
  readonly accounts: Pick<AccountRepository, 'findById' | 'recordSignIn'>;
  readonly signInState: SignInStateStore;
  readonly renderer: Renderer;
  readonly logger: Logger;
}

export function createLoginHandler(deps: LoginDeps) {
  const loginInteraction = async (ctx: Context) => {
    const provider = deps.provider();
    const interaction = await loadInteraction(ctx, provider);
    if (interaction.prompt.name !== 'login') {
      throw wrongStep();
    }
    return { provider, interaction, client: await interactionClient(provider, interaction) };
  };
  const page = (ctx: Context, interaction: Interaction) => ({ uid: interaction.uid, csrfToken: String(ctx.state['csrfToken']) });

  return {
    /** Page 1. The email comes from a 'Change' link, login_hint, or the account being re-authenticated. */
    async showIdentifier(ctx: Context, provider: Provider, interaction: Interaction): Promise<void> {
      const query = identifierQuery.safeParse(ctx.query);
      const saved = await deps.signInState.load(interaction.uid);
      const hint = interaction.params['login_hint'];
      const current = interaction.session?.accountId ? await deps.accounts.findById(interaction.session.accountId) : undefined;
      const email = (query.success ? query.data.email : undefined) ?? saved?.email
        ?? (typeof hint === 'string' ? hint : undefined) ?? current?.email ?? '';
      renderIdentifierPage(ctx, deps.renderer, {
        ...page(ctx, interaction), client: await interactionClient(provider, interaction), email, remember: saved?.remember ?? false,
      });
    },

    async submitIdentifier(ctx: Context): Promise<void> {
      const { interaction, client } = await loginInteraction(ctx);
      const form = identifierForm.safeParse(ctx.request.body);
      const email = form.success ? normalizeEmail(form.data.email) : undefined;
      const remember = form.success && form.data.remember === 'yes';
      if (!email) {
        const typed = form.success ? form.data.email : '';
        renderIdentifierPage(ctx, deps.renderer, {
          ...page(ctx, interaction), client, email: typed, remember, emailError: LoginMessages.invalidEmail,
        }, 400);
        return;
      }
      await deps.signInState.save(interaction.uid, { email, remember }, interaction.exp);
      ctx.status = 303;
      ctx.redirect(`/interaction/${interaction.uid}/login/password`);
    },

    /** Page 2. Without an email from page 1, back to page 1. */
    async showPassword(ctx: Context): Promise<void> {
      const { interaction, client } = await loginInteraction(ctx);
      const state = await deps.signInState.load(interaction.uid);
      if (!state) {
        ctx.status = 303;
        ctx.redirect(`/interaction/${interaction.uid}`);
        return;
      }
      renderPasswordPage(ctx, deps.renderer, { ...page(ctx, interaction), client, email: state.email });
    },

    async submitPassword(ctx: Context): Promise<void> {
      const { provider, interaction, client } = await loginInteraction(ctx);
      const state = await deps.signInState.load(interaction.uid);
      if (!state) {
        ctx.status = 303;
        ctx.redirect(`/interaction/${interaction.uid}`);
        return;
      }
      const form = passwordForm.safeParse(ctx.request.body);
      const password = form.success ? form.data.password : '';
      const account = password ? await deps.password.authenticate(state.email, password) : undefined;
      if (!account) {
        deps.logger.info({ event: 'sign_in.failed', client: client.clientId, reason: password ? 'credentials' : 'empty' }, 'sign-in failed');
        renderPasswordPage(ctx, deps.renderer, {
          ...page(ctx, interaction), client, email: state.email,
          error: password ? LoginMessages.invalidCredentials : LoginMessages.missingPassword,
        }, password ? 401 : 400);
        return;
      }
      await deps.accounts.recordSignIn(account.id, new Date());
      await deps.signInState.clear(interaction.uid);
      deps.logger.info({ event: 'sign_in.succeeded', account: account.id, client: client.clientId, amr: 'pwd' }, 'signed in');
      await finishInteraction(ctx, provider, {
        login: { accountId: account.id, remember: state.remember, amr: [deps.password.amr], acr: ACR.singleFactor },
      });
    },
  };
}

export type LoginHandler = ReturnType<typeof createLoginHandler>;
