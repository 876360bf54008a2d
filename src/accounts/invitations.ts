// New-user activation: an administrator grants access, the invitee gets a link (7 days, single use),
// creates a password, and the account becomes active.
import type { Mailer } from '../mail/mailer.js';
import type { Account } from './account.js';
import type { AccountRepository } from './account-repository.js';
import type { AccountService } from './account-service.js';
import type { AccountTokens, TokenCheck } from './account-tokens.js';

export const ACTIVATION_DAYS = 7;

export interface ActivationLink {
  readonly check: TokenCheck;
  readonly account?: Account | undefined;
}

export interface Invitations {
  invite(input: { email: string; name?: string | undefined; admin?: boolean | undefined; invitedBy: string }): Promise<Account>;
  /** A new link for an account not yet activated; older links stop working. */
  sendActivation(account: Account): Promise<void>;
  inspect(rawToken: string): Promise<ActivationLink>;
  /** Sets the first password and activates; throws AppError weak_password before using the link up. */
  activate(rawToken: string, password: string): Promise<ActivationLink>;
}

export function createInvitations(deps: {
  accounts: AccountService;
  repository: AccountRepository;
  tokens: AccountTokens;
  mailer: Mailer;
  activationUrl: (token: string) => string;
  /** The name of the organization the account belongs to, for the email to say what it joins. */
  organizationOf: (accountId: string) => Promise<string | undefined>;
}): Invitations {
  const inspect = async (rawToken: string): Promise<ActivationLink> => {
    const check = await deps.tokens.check(rawToken, 'ACTIVATION');
    const account = check.status === 'valid' ? await deps.repository.findById(check.token.accountId) : undefined;
    return { check, account };
  };
  const sendActivation = async (account: Account) => {
    const token = await deps.tokens.issue(account.id, 'ACTIVATION', ACTIVATION_DAYS * 24 * 3600);
    const activationUrl = deps.activationUrl(token);
    const organization = await deps.organizationOf(account.id);
    await deps.mailer.send('activation', account.email, {
      name: account.name ?? account.email, inviter: account.invitedBy ?? 'Your administrator', activationUrl, days: ACTIVATION_DAYS,
      ...(organization ? { organization } : {}),
    }, activationUrl);
  };

  return {
    async invite(input) {
      const account = await deps.accounts.createInvited(input);
      await sendActivation(account);
      return account;
    },
    sendActivation,
    inspect,
    async activate(rawToken, password) {
      const link = await inspect(rawToken);
      if (link.check.status !== 'valid' || !link.account || link.account.status !== 'INVITED') {
        return link.account?.status === 'ACTIVE' ? { check: { status: 'used' } } : link;
      }
      const passwordHash = await deps.accounts.hashNewPassword(password, link.account.email);
      const consumed = await deps.tokens.consume(rawToken, 'ACTIVATION');
      if (consumed.status !== 'valid') {
        return { check: consumed };
      }
      return { check: consumed, account: await deps.repository.activate(link.account.id, passwordHash) };
    },
  };
}
