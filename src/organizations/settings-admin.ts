// An organization's account settings, as its administrators change them: name, 'Enterprise SSO only',
// two-step verification for everyone, login verification, session length, and the company's identity
// provider (with a test of it).
import type { JsonWebKey } from 'node:crypto';

import type { AuditLog } from '../audit/audit-log.js';
import type { AdminContext } from './admin-context.js';
import { AppError } from '../core/app-error.js';
import { parseIdpMetadata, type IdpMetadata } from '../federation/saml/idp-metadata.js';
import { serviceProvider, type ServiceProvider } from '../federation/saml/service-provider.js';
import type { Connection, ConnectionAuthMethod, Member, Organization, OrganizationSettings } from './organization.js';
import { inProvenDomain, SESSION_MAX_HOURS_LIMIT } from './organization.js';
import type { OrganizationRepository } from './organization-repository.js';
import type { ConnectionInput, Organizations } from './organizations.js';

export type ConnectionSummary = OidcConnectionSummary | SamlConnectionSummary;

export interface OidcConnectionSummary {
  readonly protocol: 'oidc';
  readonly issuer: string;
  readonly clientId: string;
  readonly authMethod: ConnectionAuthMethod;
  readonly hasSecret: boolean;
  readonly scopes: readonly string[];
  /** For private_key_jwt: where the company's provider reads our public key. */
  readonly jwksUrl: string | undefined;
}

/** A SAML 2.0 connection (set from its metadata at the command line), and what its IdP needs from us. */
export interface SamlConnectionSummary {
  readonly protocol: 'saml';
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly certificates: number;
  readonly metadataUrl: string | undefined;
  /** IdP-initiated sign-ins are taken, and go on to this client; undefined: refused. */
  readonly idpInitiatedClientId: string | undefined;
  readonly serviceProvider: ServiceProvider;
}

/** How an administrator describes a SAML identity provider: one of the three ways. */
export type SamlSetup = ({ readonly metadataUrl: string } | { readonly metadataXml: string }
  | { readonly entityId: string; readonly ssoUrl: string; readonly certificate: string })
  & { readonly claimEmail?: string | undefined; readonly claimName?: string | undefined; readonly idpInitiatedClientId?: string | null | undefined };

export interface ConnectionTest {
  readonly ok: boolean;
  readonly steps: readonly { readonly name: string; readonly ok: boolean; readonly detail: string }[];
}

export interface SettingsAdmin {
  get(admin: AdminContext): Promise<{ organization: Organization; connection: ConnectionSummary | undefined }>;
  update(admin: AdminContext, settings: OrganizationSettings): Promise<Organization>;
  setConnection(admin: AdminContext, input: ConnectionInput): Promise<{ connection: ConnectionSummary; publicJwk: JsonWebKey | undefined }>;
  /** A SAML 2.0 identity provider, from its metadata (a URL, or the XML itself) or entered by hand. */
  setSamlConnection(admin: AdminContext, input: SamlSetup): Promise<SamlConnectionSummary>;
  removeConnection(admin: AdminContext): Promise<void>;
  /** The sign-in pages' look (display name, colour): what is given changes, null clears it. */
  setBranding(admin: AdminContext, input: { displayName?: string | null | undefined; color?: string | null | undefined }): Promise<Organization>;
  testConnection(admin: AdminContext): Promise<ConnectionTest>;
  /** Who 'Enterprise SSO only' binds and who it does not, shown before it is turned on (and while it is). */
  ssoOnlyImpact(admin: AdminContext): Promise<SsoOnlyImpact>;
}

export interface SsoOnlyImpact {
  /** Members with an email in a proven domain: they sign in with the company's provider only. */
  readonly companySignIn: number;
  /** Members with other emails: their password stays their way in (the company's provider does not know them). */
  readonly keepPassword: readonly Member[];
  /** Administrators who keep password + two-step sign-in; `twoStepEnabled` false means it does not work yet. */
  readonly breakGlass: readonly Member[];
}

/** The most members the preview reads; a larger organization sees the first ones and the counts so far. */
const IMPACT_LIMIT = 5000;

const error = (code: string, status: number, message: string) => new AppError(code, message, { status, userMessage: message });

export function createSettingsAdmin(deps: {
  organizations: Pick<Organizations, 'get' | 'update' | 'setConnection' | 'setSamlConnection' | 'connectionOf' | 'setBranding'>;
  repository: Pick<OrganizationRepository, 'deleteConnection' | 'listMembers'>;
  audit: Pick<AuditLog, 'record'>;
  testConnection: (connection: Connection) => Promise<ConnectionTest>;
  /** A tenant's metadata URL: fetched through the outbound client for public addresses only. */
  loadSamlMetadata: (url: string) => Promise<IdpMetadata>;
  issuer: string;
}): SettingsAdmin {
  const summary = (connection: Connection): ConnectionSummary => (connection.protocol === 'saml' ? {
    protocol: 'saml', entityId: connection.issuer, ssoUrl: connection.ssoUrl, certificates: connection.certificates.length,
    metadataUrl: connection.metadataUrl, idpInitiatedClientId: connection.idpInitiatedClientId, serviceProvider: serviceProvider(deps.issuer),
  } : {
    protocol: 'oidc', issuer: connection.issuer, clientId: connection.clientId, authMethod: connection.authMethod, hasSecret: connection.clientSecret !== undefined,
    scopes: connection.scopes,
    jwksUrl: connection.authMethod === 'private_key_jwt' ? `${deps.issuer}/sso/connections/${connection.id}/jwks` : undefined,
  });
  const record = (admin: AdminContext, type: 'organization.settings_changed' | 'organization.connection_changed' | 'organization.connection_removed',
    details: Record<string, unknown>) => deps.audit.record({ type, organizationId: admin.organizationId, actor: admin.actor, request: admin.request, details });

  return {
    async get(admin) {
      const connection = await deps.organizations.connectionOf(admin.organizationId);
      return { organization: await deps.organizations.get(admin.organizationId), connection: connection ? summary(connection) : undefined };
    },

    async update(admin, settings) {
      const current = await deps.organizations.get(admin.organizationId);
      if (settings.name !== undefined && (settings.name.trim().length === 0 || settings.name.trim().length > 100)) {
        throw error('invalid_settings', 400, 'An organization name has 1 to 100 characters.');
      }
      const hours = settings.sessionMaxHours;
      if (hours !== undefined && hours !== null && (!Number.isInteger(hours) || hours < 1 || hours > SESSION_MAX_HOURS_LIMIT)) {
        throw error('invalid_settings', 400, `The longest sign-in is 1 to ${SESSION_MAX_HOURS_LIMIT} hours.`);
      }
      if (settings.ssoOnly === true && !current.ssoOnly) {
        // Otherwise nobody, the administrators included, could sign in any more.
        if (!(await deps.organizations.connectionOf(admin.organizationId)) || !current.domains.some((domain) => domain.verified)) {
          throw error('sso_not_ready', 409, 'Set up your identity provider and verify a domain before making it the only way to sign in.');
        }
      }
      const changed = Object.fromEntries(Object.entries(settings)
        .filter(([key, value]) => value !== undefined && current[key as keyof Organization] !== value));
      if (Object.keys(changed).length === 0) {
        return current;
      }
      const updated = await deps.organizations.update(admin.organizationId, { ...changed, ...(changed['name'] ? { name: String(changed['name']).trim() } : {}) });
      await record(admin, 'organization.settings_changed', changed);
      return updated;
    },

    async setConnection(admin, input) {
      // Without a new secret, a secret method keeps the secret already set (it is never shown, so never sent back).
      const method = input.authMethod ?? (input.clientSecret ? 'client_secret_basic' : undefined);
      const current = await deps.organizations.connectionOf(admin.organizationId);
      const kept = !input.clientSecret && method !== 'private_key_jwt' && current?.protocol === 'oidc' ? current.clientSecret : undefined;
      const { connection, publicJwk } = await deps.organizations.setConnection(admin.organizationId, {
        ...input, ...(kept ? { clientSecret: kept, authMethod: method ?? 'client_secret_basic' } : {}),
      }, 'tenant');
      await record(admin, 'organization.connection_changed', {
        issuer: connection.issuer, ...(connection.protocol === 'oidc' ? { clientId: connection.clientId, authMethod: connection.authMethod } : {}),
      });
      return { connection: summary(connection), publicJwk };
    },

    async setSamlConnection(admin, input) {
      const metadata = 'metadataUrl' in input
        ? { ...(await deps.loadSamlMetadata(input.metadataUrl)), metadataUrl: input.metadataUrl }
        : 'metadataXml' in input
          ? { ...(await parseIdpMetadata(input.metadataXml)), metadataUrl: undefined }
          : { entityId: input.entityId, ssoUrl: input.ssoUrl, certificates: [input.certificate], metadataUrl: undefined };
      const connection = await deps.organizations.setSamlConnection(admin.organizationId, {
        ...metadata, claims: { email: input.claimEmail || undefined, name: input.claimName || undefined }, idpInitiatedClientId: input.idpInitiatedClientId ?? undefined,
      }, 'tenant');
      await record(admin, 'organization.connection_changed', {
        protocol: 'saml', issuer: connection.issuer, metadataUrl: connection.metadataUrl ?? null, idpInitiatedClientId: connection.idpInitiatedClientId ?? null,
      });
      return summary(connection) as SamlConnectionSummary;
    },

    async setBranding(admin, input) {
      const organization = await deps.organizations.setBranding(admin.organizationId, {
        // An empty field in the Admin Center's form is the product's look.
        displayName: input.displayName === '' ? null : input.displayName, color: input.color === '' ? null : input.color,
      });
      await record(admin, 'organization.settings_changed', {
        branding: { displayName: organization.branding.displayName, color: organization.branding.color },
      });
      return organization;
    },

    async removeConnection(admin) {
      if ((await deps.organizations.get(admin.organizationId)).ssoOnly) {
        throw error('sso_only_on', 409, "Turn 'Enterprise SSO only' off first: without the identity provider, nobody could sign in.");
      }
      if (await deps.repository.deleteConnection(admin.organizationId)) {
        await record(admin, 'organization.connection_removed', {});
      }
    },

    async ssoOnlyImpact(admin) {
      const organization = await deps.organizations.get(admin.organizationId);
      const { members } = await deps.repository.listMembers(admin.organizationId, { offset: 0, limit: IMPACT_LIMIT });
      const active = members.filter((member) => member.status !== 'SUSPENDED');
      const inDomain = active.filter((member) => inProvenDomain(organization, member.email));
      return {
        companySignIn: inDomain.filter((member) => !member.passwordAllowed).length,
        keepPassword: active.filter((member) => !inProvenDomain(organization, member.email)),
        breakGlass: inDomain.filter((member) => member.passwordAllowed),
      };
    },

    async testConnection(admin) {
      const connection = await deps.organizations.connectionOf(admin.organizationId);
      if (!connection) {
        throw error('no_connection', 404, 'Your organization has no identity provider set up.');
      }
      return deps.testConnection(connection);
    },
  };
}
