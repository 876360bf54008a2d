// SCIM tokens: the bearer tokens an organization gives its identity provider's provisioning. Shown once when
// made; only a SHA-256 digest is kept, so the lookup by digest is as good as a constant-time comparison
// (nothing about the token leaks through timing). Several may exist at once, for rotation; each says when
// it was made and last used (written at most once a minute).
import { AppError } from '../core/app-error.js';
import type { Clock } from '../core/clock.js';
import { randomToken, sha256 } from '../core/random-token.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AdminContext } from '../organizations/admin-context.js';
import type { ScimDirectory, ScimTokenRecord } from './scim-directory.js';
import { ScimErrors } from './scim-error.js';
import { isUuid } from '../core/uuid.js';

const PREFIX = 'scim_';
const TOKEN_SHAPE = /^scim_[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer\s+(\S+)$/i;
const TOUCH_EVERY_MS = 60_000;
export const MAX_TOKENS_PER_ORGANIZATION = 10;

/** Who is provisioning: the organization, through which token. */
export interface ScimCaller {
  readonly organizationId: string;
  readonly tokenId: string;
  readonly label: string;
}

export interface ScimTokens {
  /** The token itself is in the answer this once. */
  create(admin: AdminContext, label: string): Promise<{ token: ScimTokenRecord; secret: string }>;
  list(admin: AdminContext): Promise<ScimTokenRecord[]>;
  /** Without an id: every token of the organization. Returns how many were revoked. */
  revoke(admin: AdminContext, id?: string): Promise<number>;
  /** The caller of a request, from its Authorization header; 401 (ScimError) when there is no valid token. */
  authenticate(authorization: string | undefined): Promise<ScimCaller>;
}

const tokenError = (code: string, status: number, message: string) => new AppError(code, message, { status, userMessage: message });

export function createScimTokens(deps: { directory: ScimDirectory; audit: Pick<AuditLog, 'record'>; clock: Clock }): ScimTokens {
  const record = (admin: AdminContext, type: 'scim.token_created' | 'scim.token_revoked', details: Record<string, unknown>) =>
    deps.audit.record({ type, organizationId: admin.organizationId, actor: admin.actor, request: admin.request, details });
  return {
    async create(admin, label) {
      const name = label.trim();
      if (name.length === 0 || name.length > 100) {
        throw tokenError('invalid_scim_token_label', 400, 'Name the token (1 to 100 characters), e.g. after the identity provider that will use it.');
      }
      if ((await deps.directory.listTokens(admin.organizationId)).length >= MAX_TOKENS_PER_ORGANIZATION) {
        throw tokenError('too_many_scim_tokens', 409, `An organization has at most ${MAX_TOKENS_PER_ORGANIZATION} SCIM tokens: revoke one first.`);
      }
      const secret = `${PREFIX}${randomToken(32)}`;
      const token = await deps.directory.createToken(admin.organizationId, name, sha256(secret));
      await record(admin, 'scim.token_created', { tokenId: token.id, label: token.label });
      return { token, secret };
    },
    list: (admin) => deps.directory.listTokens(admin.organizationId),
    async revoke(admin, id) {
      const count = id === undefined || isUuid(id) ? await deps.directory.deleteTokens(admin.organizationId, id) : 0;
      if (id !== undefined && count === 0) {
        throw tokenError('scim_token_not_found', 404, 'No such SCIM token.');
      }
      if (count > 0) {
        await record(admin, 'scim.token_revoked', id === undefined ? { all: true, count } : { tokenId: id });
      }
      return count;
    },
    async authenticate(authorization) {
      const raw = BEARER.exec(authorization ?? '')?.[1];
      const token = raw && TOKEN_SHAPE.test(raw) ? await deps.directory.findTokenByHash(sha256(raw)) : undefined;
      if (!token) {
        throw ScimErrors.unauthorized();
      }
      const now = deps.clock.now();
      if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
        await deps.directory.touchToken(token.id, now);
      }
      return { organizationId: token.organizationId, tokenId: token.id, label: token.label };
    },
  };
}
