// 'Forgot password?': a link (60 minutes, single use, a new request invalidates older links) to create a
// new password, optionally signing out everywhere. The answer to a request is the same whether or not the
// account exists, and the mail goes out after the response, so that timing tells nothing either.
import type { Language } from '../i18n/languages.js';
import type { Mailer } from '../mail/mailer.js';
import type { Account } from './account.js';
import type { AccountRepository } from './account-repository.js';
import type { AccountService } from './account-service.js';
import type { AccountTokens, TokenCheck } from './account-tokens.js';
import type { Invitations } from './invitations.js';
import type { SessionRevoker } from './session-revoker.js';
import type { TrustedDevices } from './trusted-devices.js';

export const RESET_MINUTES = 60;

export interface ResetLink {
  readonly check: TokenCheck;
  readonly account?: Account | undefined;
  /** Set when the account's organization allows only its company sign-in: no password to reset. */
  readonly companySignIn?: string | undefined;
}

/** The organization that allows only its company sign-in to an account, if any. */
export type CompanySignInOnly = (accountId: string) => Promise<string | undefined>;

export interface PasswordReset {
  /**
   * Fire and forget: never says whether the email belongs to an account. `languageFor`: the email's
   * language, given the one the account saved (English without it).
   */
  request(email: string, context: Record<string, string>, languageFor?: (saved: Language | null) => Language): void;
  inspect(rawToken: string): Promise<ResetLink>;
  /** Throws AppError weak_password before the link is used up. */
  reset(rawToken: string, password: string, options: { signOutEverywhere: boolean }): Promise<ResetLink>;
}

export function createPasswordReset(deps: {
  accounts: AccountService;
  repository: AccountRepository;
  tokens: AccountTokens;
  invitations: Invitations;
  sessions: SessionRevoker;
  devices: TrustedDevices;
  mailer: Mailer;
  companySignInOnly: CompanySignInOnly;
  resetUrl: (token: string) => string;
  forgotUrl: string;
  onError: (error: unknown) => void;
}): PasswordReset {
  const inspect = async (rawToken: string): Promise<ResetLink> => {
    const check = await deps.tokens.check(rawToken, 'PASSWORD_RESET');
    const account = check.status === 'valid' ? await deps.repository.findById(check.token.accountId) : undefined;
    return { check, account };
  };
  const sendResetLink = async (email: string, context: Record<string, string>, languageFor?: (saved: Language | null) => Language) => {
    const account = await deps.repository.findByEmail(email);
    if (!account) {
      return;
    }
    const organization = await deps.companySignInOnly(account.id);
    if (organization) {
      await deps.mailer.send('company-sign-in', account.email, { name: account.name ?? account.email, organization }, deps.forgotUrl);
      return;
    }
    if (account.status === 'INVITED') {
      // Not activated yet: a fresh activation link is what lets them in.
      await deps.invitations.sendActivation(account);
      return;
    }
    const token = await deps.tokens.issue(account.id, 'PASSWORD_RESET', RESET_MINUTES * 60, context);
    const resetUrl = deps.resetUrl(token);
    await deps.mailer.send('forgot-password', account.email, { name: account.name ?? account.email, resetUrl, minutes: RESET_MINUTES }, resetUrl, languageFor?.(account.language));
  };

  return {
    request(email, context, languageFor) {
      sendResetLink(email, context, languageFor).catch(deps.onError);
    },
    inspect,
    async reset(rawToken, password, options) {
      const link = await inspect(rawToken);
      if (link.check.status !== 'valid' || !link.account) {
        return link;
      }
      const organization = await deps.companySignInOnly(link.account.id);
      if (organization) {
        return { ...link, companySignIn: organization };
      }
      const passwordHash = await deps.accounts.hashNewPassword(password, link.account.email);
      const consumed = await deps.tokens.consume(rawToken, 'PASSWORD_RESET');
      if (consumed.status !== 'valid') {
        return { check: consumed };
      }
      await deps.repository.updatePasswordHash(link.account.id, passwordHash);
      if (options.signOutEverywhere) {
        await deps.sessions.signOutEverywhere(link.account.id);
        await deps.devices.removeAll(link.account.id);
      }
      deps.mailer.sendLater('password-changed', link.account.email, {
        name: link.account.name ?? link.account.email, signedOutEverywhere: options.signOutEverywhere, resetUrl: deps.forgotUrl,
      }, deps.forgotUrl);
      return link;
    },
  };
}
