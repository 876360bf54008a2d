// What the audit log records: one event per sign-in (and why it failed), password reset, two-step change
// and administrator action.

export const AUDIT_EVENT_TYPES = [
  'sign_in.succeeded', 'sign_in.failed',
  'password.reset_requested', 'password.reset', 'password.changed',
  'two_step.enabled', 'two_step.disabled', 'two_step.reset', 'two_step.recovery_codes_regenerated',
  'passkey.added', 'passkey.removed',
  'account.created', 'account.invited', 'account.activated', 'account.suspended', 'account.reactivated', 'account.removed',
  'account.admin_granted', 'account.admin_revoked', 'account.break_glass_granted', 'account.break_glass_revoked', 'account.signed_out_everywhere',
  'social.connected', 'social.disconnected',
  'organization.created', 'organization.settings_changed', 'organization.domain_added', 'organization.domain_verified',
  'organization.domain_removed', 'organization.connection_changed', 'organization.connection_removed',
  'client.created', 'client.updated', 'client.secret_rotated', 'client.deleted',
  'logout.backchannel_delivered', 'logout.backchannel_failed',
  'scim.user_created', 'scim.user_updated', 'scim.user_deactivated', 'scim.user_reactivated', 'scim.user_deleted',
  'scim.group_created', 'scim.group_updated', 'scim.group_deleted', 'scim.token_created', 'scim.token_revoked',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** The groups an administrator filters by: the part of the type before the dot. */
export const AUDIT_CATEGORIES = ['sign_in', 'password', 'two_step', 'passkey', 'account', 'social', 'organization', 'client', 'logout', 'scim'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export type AuditOutcome = 'success' | 'failure';

/** The step of a sign-in that an event is about: how the user proved who they are. */
export const SIGN_IN_METHODS = ['password', 'verification', 'totp', 'recovery', 'sso', 'social', 'passkey'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** Where the request came from. */
export interface AuditRequest {
  readonly ip?: string | undefined;
  readonly userAgent?: string | undefined;
}

/** Who did it: an administrator, a service client of the Admin API, or the user themselves (the default). */
export interface AuditActor {
  /** The administrator's account; none for a service client. */
  readonly id: string | undefined;
  /** How the log names them: an email, or 'client ID' for a service. */
  readonly email: string;
  readonly clientId?: string | undefined;
}

export interface AuditEventInput {
  readonly type: AuditEventType;
  /** Failures: sign_in.failed and logout.backchannel_failed. */
  readonly outcome?: AuditOutcome;
  readonly reason?: string | undefined;
  /** Resolved from the account's membership, or from the email's domain, when not given. */
  readonly organizationId?: string | undefined;
  readonly accountId?: string | undefined;
  readonly email?: string | undefined;
  readonly actor?: AuditActor | undefined;
  readonly clientId?: string | undefined;
  readonly request?: AuditRequest | undefined;
  /** Small, never secret: what changed, which provider, which amr. */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

export interface AuditEvent {
  readonly id: string;
  readonly occurredAt: Date;
  readonly type: AuditEventType;
  readonly outcome: AuditOutcome;
  readonly reason: string | null;
  readonly organizationId: string | null;
  readonly accountId: string | null;
  readonly email: string | null;
  readonly actorId: string | null;
  readonly actorEmail: string | null;
  readonly clientId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

export interface AuditFilter {
  readonly organizationId: string;
  /** Events about this account, or done by it. */
  readonly accountId?: string | undefined;
  readonly category?: AuditCategory | undefined;
  readonly outcome?: AuditOutcome | undefined;
  /** Inclusive. */
  readonly from?: Date | undefined;
  /** Exclusive. */
  readonly to?: Date | undefined;
}
