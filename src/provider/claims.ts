import type { Account } from '../accounts/account.js';

/** Which claims each scope releases. How the user signed in (acr, amr, auth_time) is always in the ID token. */
export const SCOPE_CLAIMS = {
  openid: ['sub', 'acr', 'amr', 'auth_time'],
  email: ['email', 'email_verified'],
  profile: ['name'],
  /** roles: ["admin"] for an administrator of their organization or of this server (who may use the Admin Center). */
  roles: ['roles'],
} as const;

export const SCOPES = ['openid', 'offline_access', 'email', 'profile', 'roles'];

export function accountClaims(account: Account): Record<string, unknown> {
  return {
    sub: account.id,
    email: account.email,
    email_verified: account.emailVerified,
    ...(account.name ? { name: account.name } : {}),
  };
}
