import type { Language } from '../i18n/languages.js';

export type AccountStatus = 'ACTIVE' | 'INVITED' | 'SUSPENDED';

export interface Account {
  readonly id: string;
  /** Normalized: see normalizeEmail. */
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string | null;
  readonly passwordHash: string | null;
  readonly isAdmin: boolean;
  readonly status: AccountStatus;
  readonly invitedBy: string | null;
  readonly lastSignInAt: Date | null;
  readonly createdAt: Date;
  /** The language the user saved on My account; null: whatever the browser asks for. */
  readonly language: Language | null;
}

export type NewAccount = Omit<Account, 'id' | 'lastSignInAt' | 'createdAt' | 'language'>;
