// Company accounts: claimed email domains, members, the enterprise connection, 'Enterprise SSO only'.
import { generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';

import type { AccountRepository } from '../accounts/account-repository.js';
import { normalizeEmail } from '../accounts/normalize-email.js';
import type { ClientRepository } from '../clients/client-repository.js';
import { checkColor, checkDisplayName, checkLogo, type BrandingCheck } from './branding.js';
import { isLoopbackHost } from '../clients/redirect-uri-rules.js';
import { checkCertificate } from '../federation/saml/idp-metadata.js';
import type { Connection, ConnectionAuthMethod, ConnectionSetter, Membership, Organization, OrganizationSettings, SamlConnection } from './organization.js';
import { CONNECTION_AUTH_METHODS, ssoOnlyApplies } from './organization.js';
import { invalidOrganizationInput, unknownOrganization } from './organization-errors.js';
import type { OrganizationRepository } from './organization-repository.js';

export interface ConnectionInput {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
  readonly authMethod?: string | undefined;
  readonly scopes?: readonly string[] | undefined;
  readonly claims?: Partial<Connection['claims']> | undefined;
}

/** A SAML 2.0 identity provider, as its metadata (or its administrator) describes it. */
export interface SamlConnectionInput {
  readonly entityId: string;
  readonly ssoUrl: string;
  /** Base64 DER or PEM. */
  readonly certificates: readonly string[];
  readonly metadataUrl?: string | undefined;
  /** Attributes tried first for the email and the name. */
  readonly claims?: { readonly email?: string | undefined; readonly name?: string | undefined } | undefined;
  /** Takes IdP-initiated sign-ins, for this client (which must have an initiate_login_uri); absent: refused. */
  readonly idpInitiatedClientId?: string | undefined;
}

export interface EnterpriseRoute {
  readonly organization: Organization;
  readonly connection: Connection | undefined;
}

export interface Organizations {
  create(name: string, domains: readonly string[]): Promise<Organization>;
  get(id: string): Promise<Organization>;
  update(id: string, settings: OrganizationSettings): Promise<Organization>;
  /** Sets the connection; returns it with the public key to give the provider for private_key_jwt. */
  /** `setBy`: tenant from the Admin Center and the Admin API; the operator's (CLI) otherwise. */
  setConnection(organizationId: string, input: ConnectionInput, setBy?: ConnectionSetter): Promise<{ connection: Connection; publicJwk: JsonWebKey | undefined }>;
  /** Sets a SAML 2.0 connection (replacing an OpenID Connect one). */
  setSamlConnection(organizationId: string, input: SamlConnectionInput, setBy?: ConnectionSetter): Promise<SamlConnection>;
  addMember(organizationId: string, email: string, isAdmin: boolean): Promise<Membership>;
  /** Home-realm discovery: the organization (and its connection) of an email's verified domain. */
  forEmail(email: string): Promise<EnterpriseRoute | undefined>;
  membershipOf(accountId: string): Promise<(Membership & { organization: Organization }) | undefined>;
  /** Whether the account may only sign in through its company ('Enterprise SSO only'). */
  /**
   * Whether 'Enterprise SSO only' keeps the account from other providers (social sign-in, connecting one):
   * members who can use the company's provider, break-glass administrators included (their way in is a
   * password with two-step verification, nothing else).
   */
  isSsoOnly(account: { readonly id: string; readonly email: string }): Promise<boolean>;
  connection(id: string): Promise<Connection | undefined>;
  connectionOf(organizationId: string): Promise<Connection | undefined>;
  /**
   * The connection an unsolicited SAML response from this entity ID is for: the one of its connections that
   * takes IdP-initiated sign-ins. None when none does, or when more than one does (which one is meant
   * could not be told).
   */
  idpInitiatedConnection(entityId: string): Promise<SamlConnection | undefined>;
  /** Sets what is given of the sign-in pages' look (null clears it), each part checked first. */
  setBranding(id: string, input: BrandingInput): Promise<Organization>;
  logo(id: string): Promise<{ type: string; hash: string; bytes: Uint8Array } | undefined>;
}

export interface BrandingInput {
  readonly displayName?: string | null | undefined;
  /** #RRGGBB, readable on white (WCAG AA). */
  readonly color?: string | null | undefined;
  /** The image's bytes: PNG, JPEG or WebP, at most 200 KiB. */
  readonly logo?: Uint8Array | null | undefined;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

export function normalizeDomain(input: string): string | undefined {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  return DOMAIN.test(domain) ? domain : undefined;
}

export function createOrganizations(deps: {
  repository: OrganizationRepository; accounts: Pick<AccountRepository, 'findByEmail'>; clients: Pick<ClientRepository, 'find'>; now?: () => Date;
}): Organizations {
  const now = deps.now ?? (() => new Date());
  const get = async (id: string) => {
    const organization = /^[0-9a-f-]{36}$/i.test(id) ? await deps.repository.findById(id) : undefined;
    if (!organization) {
      throw unknownOrganization(id);
    }
    return organization;
  };

  // The client an IdP-initiated sign-in goes on to: the operator's or the organization's own, with a
  // login initiation endpoint (OpenID Connect Core 1.0, section 4) to start the authorization from.
  const checkIdpInitiatedClient = async (organizationId: string, clientId: string) => {
    const client = await deps.clients.find(clientId);
    if (!client || (client.organizationId !== undefined && client.organizationId !== organizationId)) {
      fail(`there is no client ${clientId} for IdP-initiated sign-in`);
    }
    if (typeof client.metadata['initiate_login_uri'] !== 'string') {
      fail(`the client ${clientId} has no initiate_login_uri to start IdP-initiated sign-ins from`);
    }
  };

  return {
    async create(name, domains) {
      const cleanName = name.trim();
      if (cleanName.length === 0 || cleanName.length > 100) {
        throw invalidOrganizationInput('an organization name has 1 to 100 characters');
      }
      const normalized = domains.map((domain) => normalizeDomain(domain) ?? fail(`${domain} is not a domain name`));
      // Claimed by an operator at the command line: taken as proven.
      return deps.repository.create({ name: cleanName, domains: [...new Set(normalized)].map((domain) => ({ domain, verifiedAt: now() })) });
    },
    get,
    async update(id, settings) {
      await get(id);
      return deps.repository.update(id, settings);
    },
    async setConnection(organizationId, input, setBy = 'operator') {
      await get(organizationId);
      const existing = await deps.repository.findConnection(organizationId);
      const authMethod = (input.authMethod ?? (input.clientSecret ? 'client_secret_basic' : 'private_key_jwt')) as ConnectionAuthMethod;
      checkConnection(input, authMethod);
      const privateJwk = authMethod === 'private_key_jwt'
        ? (existing?.protocol === 'oidc' ? existing.privateJwk : undefined) ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })
        : undefined;
      const connection = await deps.repository.saveConnection({
        id: existing?.id ?? randomUUID(),
        organizationId,
        protocol: 'oidc',
        issuer: input.issuer.replace(/\/+$/, ''),
        clientId: input.clientId,
        authMethod,
        clientSecret: authMethod === 'private_key_jwt' ? undefined : input.clientSecret,
        privateJwk,
        scopes: [...new Set(['openid', ...(input.scopes ?? ['email', 'profile'])])],
        claims: { sub: 'sub', email: 'email', name: 'name', ...input.claims },
        setBy,
      });
      return { connection, publicJwk: privateJwk ? publicPart(privateJwk) : undefined };
    },
    async setSamlConnection(organizationId, input, setBy = 'operator') {
      await get(organizationId);
      checkSamlConnection(input);
      const certificates = input.certificates.map((certificate) => {
        try {
          return checkCertificate(certificate);
        } catch (error) {
          return fail(error instanceof Error ? error.message : 'a signing certificate is not valid');
        }
      });
      const idpInitiatedClientId = input.idpInitiatedClientId?.trim() || undefined;
      if (idpInitiatedClientId) {
        await checkIdpInitiatedClient(organizationId, idpInitiatedClientId);
      }
      const existing = await deps.repository.findConnection(organizationId);
      const connection = await deps.repository.saveConnection({
        id: existing?.id ?? randomUUID(),
        organizationId,
        protocol: 'saml',
        issuer: input.entityId.trim(),
        ssoUrl: input.ssoUrl.trim(),
        certificates: [...new Set(certificates)],
        metadataUrl: input.metadataUrl,
        idpInitiatedClientId,
        claims: { sub: 'nameid', email: input.claims?.email ?? 'email', name: input.claims?.name ?? 'displayName' },
        setBy,
      });
      return connection as SamlConnection;
    },
    async addMember(organizationId, email, isAdmin) {
      await get(organizationId);
      const normalized = normalizeEmail(email);
      const account = normalized ? await deps.accounts.findByEmail(normalized) : undefined;
      if (!account) {
        throw invalidOrganizationInput(`no account has the email ${email}; create or invite it first`);
      }
      return deps.repository.addMember(organizationId, account.id, isAdmin);
    },
    async forEmail(email) {
      const domain = email.split('@')[1];
      const organization = domain ? await deps.repository.findByVerifiedDomain(domain) : undefined;
      return organization ? { organization, connection: await deps.repository.findConnection(organization.id) } : undefined;
    },
    async membershipOf(accountId) {
      const membership = await deps.repository.membership(accountId);
      const organization = membership ? await deps.repository.findById(membership.organizationId) : undefined;
      return membership && organization ? { ...membership, organization } : undefined;
    },
    async isSsoOnly(account) {
      const membership = await deps.repository.membership(account.id);
      const organization = membership ? await deps.repository.findById(membership.organizationId) : undefined;
      return organization !== undefined && ssoOnlyApplies(organization, { email: account.email, passwordAllowed: false });
    },
    connectionOf: (organizationId) => deps.repository.findConnection(organizationId),
    connection: (id) => (/^[0-9a-f-]{36}$/i.test(id) ? deps.repository.findConnectionById(id) : Promise.resolve(undefined)),
    async setBranding(id, input) {
      await get(id);
      const checked = <T>(value: string | Uint8Array | null | undefined, check: (value: never) => BrandingCheck<T>): T | null | undefined => {
        if (value === undefined || value === null) {
          return value;
        }
        const result = check(value as never);
        return result.ok ? result.value : fail(result.problem);
      };
      return deps.repository.setBranding(id, {
        displayName: checked(input.displayName, checkDisplayName),
        color: checked(input.color, checkColor),
        logo: checked(input.logo, checkLogo),
      });
    },
    logo: (id) => deps.repository.findLogo(id),
    async idpInitiatedConnection(entityId) {
      if (entityId.length === 0 || entityId.length > 1024) {
        return undefined;
      }
      const taking = (await deps.repository.findSamlConnectionsByEntityId(entityId)).filter((connection) => connection.idpInitiatedClientId);
      return taking.length === 1 ? taking[0] : undefined;
    },
  };
}

function checkConnection(input: ConnectionInput, authMethod: string): void {
  const issuer = URL.parse(input.issuer);
  if (!issuer || issuer.search || issuer.hash || !(issuer.protocol === 'https:' || (issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname)))) {
    fail('the issuer is an https:// URL (http:// only on this machine), without query or fragment');
  }
  if (!(CONNECTION_AUTH_METHODS as readonly string[]).includes(authMethod)) {
    fail(`the client authentication is one of ${CONNECTION_AUTH_METHODS.join(', ')}`);
  }
  if (authMethod !== 'private_key_jwt' && !input.clientSecret) {
    fail(`${authMethod} needs a client secret`);
  }
  if (!input.clientId || input.clientId.length > 256) {
    fail('a client id is needed');
  }
  for (const scope of input.scopes ?? []) {
    if (!SCOPE.test(scope)) {
      fail(`${scope} is not a scope`);
    }
  }
  for (const claim of Object.values(input.claims ?? {})) {
    if (claim !== undefined && !/^[A-Za-z0-9_:./-]{1,100}$/.test(claim)) {
      fail(`${claim} is not a claim name`);
    }
  }
}

function checkSamlConnection(input: SamlConnectionInput): void {
  if (!input.entityId.trim() || input.entityId.length > 1024) {
    fail('the identity provider has an entity ID (up to 1024 characters)');
  }
  for (const url of [input.ssoUrl, ...(input.metadataUrl ? [input.metadataUrl] : [])]) {
    const parsed = URL.parse(url.trim());
    if (!parsed || parsed.hash || !(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)))) {
      fail(`${url} is not an https:// URL (http:// only on this machine), without fragment`);
    }
  }
  if (input.certificates.length === 0 || input.certificates.length > 10) {
    fail('the identity provider has 1 to 10 signing certificates');
  }
  for (const attribute of [input.claims?.email, input.claims?.name]) {
    if (attribute !== undefined && !/^[A-Za-z0-9_:./-]{1,200}$/.test(attribute)) {
      fail(`${attribute} is not an attribute name`);
    }
  }
}

function publicPart(jwk: JsonWebKey): JsonWebKey {
  const { d: _private, ...publicJwk } = jwk;
  return publicJwk;
}

function fail(message: string): never {
  throw invalidOrganizationInput(message);
}
