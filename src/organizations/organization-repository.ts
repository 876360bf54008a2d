import type { LogoType } from './branding.js';
import type { Connection, Member, MemberQuery, Membership, NewConnection, Organization, OrganizationSettings, SamlConnection } from './organization.js';

export interface OrganizationRepository {
  /** Throws DomainTakenError when another organization claims one of the domains. */
  create(input: { name: string; domains: readonly { domain: string; verifiedAt: Date | null }[] }): Promise<Organization>;
  findById(id: string): Promise<Organization | undefined>;
  /** The organization that claims this domain and has proven it. */
  findByVerifiedDomain(domain: string): Promise<Organization | undefined>;
  update(id: string, settings: OrganizationSettings): Promise<Organization>;
  membership(accountId: string): Promise<Membership | undefined>;
  /** Throws OtherOrganizationError when the account belongs to another organization. */
  addMember(organizationId: string, accountId: string, isAdmin: boolean): Promise<Membership>;
  listMembers(organizationId: string, query: MemberQuery): Promise<{ members: Member[]; total: number }>;
  findMember(organizationId: string, accountId: string): Promise<Member | undefined>;
  countAdmins(organizationId: string): Promise<number>;
  setPasswordAllowed(organizationId: string, accountId: string, allowed: boolean): Promise<boolean>;
  /**
   * Claims a domain, to be proven. Another organization's unproven claim older than `claim.unprovenLapsesAfterMs`
   * gives way; otherwise throws DomainTakenError (with the date an unproven claim lapses).
   */
  addDomain(organizationId: string, domain: string, verificationToken: string,
    claim: { readonly at: Date; readonly unprovenLapsesAfterMs: number }): Promise<void>;
  markDomainVerified(organizationId: string, domain: string, at: Date): Promise<boolean>;
  removeDomain(organizationId: string, domain: string): Promise<boolean>;
  findConnection(organizationId: string): Promise<Connection | undefined>;
  deleteConnection(organizationId: string): Promise<boolean>;
  findConnectionById(id: string): Promise<Connection | undefined>;
  /** The SAML connections whose identity provider has this entity ID (one, unless organizations share it). */
  findSamlConnectionsByEntityId(entityId: string): Promise<SamlConnection[]>;
  /** Sets what is given: null clears it; the logo's bytes go with it. */
  setBranding(id: string, branding: BrandingChange): Promise<Organization>;
  findLogo(id: string): Promise<{ type: string; hash: string; bytes: Uint8Array } | undefined>;
  saveConnection(connection: NewConnection): Promise<Connection>;
}

export interface BrandingChange {
  readonly displayName?: string | null | undefined;
  readonly color?: string | null | undefined;
  readonly logo?: { readonly type: LogoType; readonly hash: string; readonly bytes: Uint8Array } | null | undefined;
}
