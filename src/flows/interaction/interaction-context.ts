// Loads the interaction behind /interaction/:uid from oidc-provider, bound to this browser by its cookie,
// and finishes it with a result.
import type { Context, Middleware } from 'koa';
import type Provider from 'oidc-provider';
import { errors, type InteractionResults } from 'oidc-provider';

import type { Account } from '../../accounts/account.js';
import type { AccountRepository } from '../../accounts/account-repository.js';
import { isFirstParty } from '../../provider/first-party-grant.js';
import { interactionExpired, interactionMismatch } from './interaction-errors.js';

export type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

export interface InteractionClient {
  readonly clientId: string;
  readonly name: string;
  /** Where the user goes back to: the redirect URI of this authorization request. */
  readonly redirectUri: string | undefined;
  readonly firstParty: boolean;
}

export async function loadInteraction(ctx: Context, provider: Provider): Promise<Interaction> {
  let interaction: Interaction;
  try {
    interaction = await provider.interactionDetails(ctx.req, ctx.res);
  } catch (error) {
    if (error instanceof errors.SessionNotFound) {
      throw interactionExpired(error);
    }
    throw error;
  }
  if (interaction.uid !== ctx['params']?.uid) {
    throw interactionMismatch();
  }
  if (interaction.result) {
    throw new InteractionFinished(interaction.returnTo);
  }
  return interaction;
}

/**
 * An interaction that has its result already: the step that finished it ran, but the browser never got
 * the redirect that followed (a reload, a form sent again after a broken connection or a lost instance).
 */
export class InteractionFinished extends Error {
  constructor(readonly returnTo: string) {
    super('interaction already finished');
    this.name = 'InteractionFinished';
  }
}

/**
 * Sends a browser that comes back to a finished interaction where the lost redirect would have: on to
 * resume the authorization request, rather than through a step it has done (which would show page 1).
 */
export function resumeFinishedInteractions(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof InteractionFinished)) {
        throw error;
      }
      ctx.status = 303;
      ctx.redirect(error.returnTo);
    }
  };
}

export async function interactionClient(provider: Provider, interaction: Interaction): Promise<InteractionClient> {
  const clientId = String(interaction.params['client_id']);
  const client = await provider.Client.find(clientId);
  if (!client) {
    throw interactionExpired();
  }
  const redirectUri = interaction.params['redirect_uri'];
  return {
    clientId,
    name: client.clientName ?? clientId,
    redirectUri: typeof redirectUri === 'string' ? redirectUri : undefined,
    firstParty: isFirstParty(client),
  };
}

/** The account of the browser session this interaction runs in (a step-up, the offer of a passkey); without one, expired. */
export async function sessionAccount(accounts: Pick<AccountRepository, 'findById'>, interaction: Interaction): Promise<Account> {
  const account = interaction.session?.accountId ? await accounts.findById(interaction.session.accountId) : undefined;
  if (!account) {
    throw interactionExpired();
  }
  return account;
}

/**
 * The browser session a step-up strengthens: whether it was kept ('Keep me signed in', and the new sign-in
 * keeps it so), and the methods it signed in with (RFC 8176 amr).
 */
export async function steppedUpSession(provider: Provider, interaction: Interaction): Promise<{ remember: boolean; amr: readonly string[] }> {
  const session = interaction.session?.uid ? await provider.Session.findByUid(interaction.session.uid) : undefined;
  return { remember: session ? !session.transient : false, amr: session?.amr ?? [] };
}

/**
 * Hands the result to oidc-provider and sends the browser on to resume the authorization request. What
 * provider.interactionResult does, on the interaction this request loaded already (one read fewer).
 */
export async function finishInteraction(ctx: Context, interaction: Interaction, result: InteractionResults): Promise<void> {
  interaction.result = result;
  await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
  ctx.status = 303;
  ctx.redirect(interaction.returnTo);
}
