import type { Connection, Membership, Organization, OrganizationSettings } from './organization.js';

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
  findConnection(organizationId: string): Promise<Connection | undefined>;
  findConnectionById(id: string): Promise<Connection | undefined>;
  saveConnection(connection: Omit<Connection, 'updatedAt'>): Promise<Connection>;
}
