import type { Language } from '../i18n/languages.js';
import type { Account, NewAccount } from './account.js';

export interface AccountRepository {
  findById(id: string): Promise<Account | undefined>;
  findByEmail(email: string): Promise<Account | undefined>;
  /** Throws AccountExistsError when the email is taken. */
  create(account: NewAccount): Promise<Account>;
  recordSignIn(id: string, at: Date): Promise<void>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
  updateName(id: string, name: string | null): Promise<void>;
  /** The language saved on My account; null: the browser's. */
  updateLanguage(id: string, language: Language | null): Promise<void>;
  /** A new email (normalized), vouched for by the organization's directory. Throws AccountExistsError when it is taken. */
  updateEmail(id: string, email: string): Promise<void>;
  /** An invited account becomes active with its first password; its email is proven by the link. */
  activate(id: string, passwordHash: string): Promise<Account>;
  /** An invited account becomes active without a password (its company vouched for it). */
  markActive(id: string): Promise<Account>;
  countAdmins(): Promise<number>;
  /** Suspends or reactivates (never to or from INVITED). */
  setStatus(id: string, status: 'ACTIVE' | 'SUSPENDED'): Promise<Account>;
  /** Removes the account and everything it owns (devices, factors, identities, membership). */
  delete(id: string): Promise<void>;
}
