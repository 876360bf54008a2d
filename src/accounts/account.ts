export interface Account {
  readonly id: string;
  /** Normalized: see normalizeEmail. */
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string | null;
  readonly passwordHash: string | null;
  readonly isAdmin: boolean;
  readonly lastSignInAt: Date | null;
  readonly createdAt: Date;
}

export interface NewAccount {
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string | null;
  readonly passwordHash: string | null;
  readonly isAdmin: boolean;
}
