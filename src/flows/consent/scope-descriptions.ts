// What each scope means, in words for the consent screen.

const DESCRIPTIONS: Record<string, string> = {
  openid: 'Know who you are when you sign in',
  email: 'See your email address',
  profile: 'See your name',
  offline_access: 'Stay connected when you are not using it',
  roles: 'Know whether you are an administrator',
  admin: 'Manage your organization: users, settings, applications and the audit log',
};

export function describeScopes(scopes: readonly string[]): string[] {
  return scopes.map((scope) => DESCRIPTIONS[scope] ?? `Use the permission "${scope}"`);
}
