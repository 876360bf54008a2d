import type { AccountRepository } from '../../accounts/account-repository.js';
import type { Mailer } from '../../mail/mailer.js';

/** When failures start a block, the account's owner hears of it (and nobody learns whether one exists). */
export async function notifyBlock(deps: { accounts: Pick<AccountRepository, 'findByEmail'>; mailer: Mailer; forgotUrl: string },
  email: string, ip: string, retryAfterSeconds: number): Promise<void> {
  const account = await deps.accounts.findByEmail(email);
  if (account) {
    deps.mailer.sendLater('sign-in-blocked', account.email, {
      name: account.name ?? account.email, ip, minutes: Math.ceil(retryAfterSeconds / 60), resetUrl: deps.forgotUrl,
    }, deps.forgotUrl);
  }
}
