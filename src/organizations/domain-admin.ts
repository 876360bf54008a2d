// Claimed domains, proven by a DNS TXT record: the Admin Center shows the record to create, then checks
// it. Only proven domains route sign-ins (home-realm discovery) and let members in just in time.
import { randomToken } from '../core/random-token.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../core/clock.js';
import type { AdminContext } from './admin-context.js';
import { DnsUnavailableError, type TxtLookup } from './dns-txt.js';
import { DomainErrors } from './domain-errors.js';
import { normalizeDomain } from './organizations.js';
import type { OrganizationDomain } from './organization.js';
import type { OrganizationRepository } from './organization-repository.js';

export const TXT_RECORD_PREFIX = '_gotoassist-verification';
export const TXT_VALUE_PREFIX = 'gotoassist-verification=';
/** An unproven claim holds a domain this long; then another organization may claim it (a proven one holds). */
export const UNPROVEN_CLAIM_LAPSES_AFTER_MS = 7 * 24 * 3600 * 1000;

/** What to publish to prove a domain. */
export interface DomainProof {
  readonly domain: string;
  readonly verified: boolean;
  readonly recordName: string | undefined;
  readonly recordValue: string | undefined;
}

export interface DomainAdmin {
  list(admin: AdminContext): Promise<DomainProof[]>;
  add(admin: AdminContext, domain: string): Promise<DomainProof>;
  verify(admin: AdminContext, domain: string): Promise<DomainProof>;
  /**
   * The operator vouches for the domain instead of DNS (the CLI only, for a machine with no DNS to
   * publish in, such as a developer's): claimed if it was not, marked proven, written in the audit log.
   */
  vouch(admin: AdminContext, domain: string): Promise<DomainProof>;
  remove(admin: AdminContext, domain: string): Promise<void>;
}

export function proofOf(domain: OrganizationDomain): DomainProof {
  return {
    domain: domain.domain,
    verified: domain.verified,
    recordName: domain.verified ? undefined : `${TXT_RECORD_PREFIX}.${domain.domain}`,
    recordValue: domain.verified || !domain.verificationToken ? undefined : `${TXT_VALUE_PREFIX}${domain.verificationToken}`,
  };
}

export function createDomainAdmin(deps: {
  organizations: Pick<OrganizationRepository, 'findById' | 'addDomain' | 'markDomainVerified' | 'removeDomain'>;
  lookupTxt: TxtLookup;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
}): DomainAdmin {
  const domainsOf = async (admin: AdminContext) => (await deps.organizations.findById(admin.organizationId))?.domains ?? [];
  const find = async (admin: AdminContext, name: string) => {
    const domain = (await domainsOf(admin)).find((candidate) => candidate.domain === normalizeDomain(name));
    if (!domain) {
      throw DomainErrors.notFound(name);
    }
    return domain;
  };
  const record = (admin: AdminContext, type: 'organization.domain_added' | 'organization.domain_verified' | 'organization.domain_removed', domain: string,
    details: Record<string, unknown> = {}) =>
    deps.audit.record({ type, organizationId: admin.organizationId, actor: admin.actor, request: admin.request, details: { domain, ...details } });
  const add = async (admin: AdminContext, name: string) => {
    const domain = normalizeDomain(name);
    if (!domain) {
      throw DomainErrors.invalid(name);
    }
    await deps.organizations.addDomain(admin.organizationId, domain, randomToken(24),
      { at: deps.clock.now(), unprovenLapsesAfterMs: UNPROVEN_CLAIM_LAPSES_AFTER_MS });
    await record(admin, 'organization.domain_added', domain);
    return proofOf(await find(admin, domain));
  };

  return {
    list: async (admin) => (await domainsOf(admin)).map(proofOf),
    add,

    async vouch(admin, name) {
      const domain = normalizeDomain(name);
      if (!domain) {
        throw DomainErrors.invalid(name);
      }
      const claimed = (await domainsOf(admin)).some((candidate) => candidate.domain === domain) ? await find(admin, domain) : await add(admin, domain);
      if (claimed.verified) {
        return proofOf(await find(admin, domain));
      }
      await deps.organizations.markDomainVerified(admin.organizationId, domain, deps.clock.now());
      await record(admin, 'organization.domain_verified', domain, { proof: 'operator' });
      return proofOf(await find(admin, domain));
    },

    async verify(admin, name) {
      const domain = await find(admin, name);
      if (domain.verified) {
        return proofOf(domain);
      }
      const proof = proofOf(domain);
      let records: string[];
      try {
        records = await deps.lookupTxt(proof.recordName!);
      } catch (error) {
        throw error instanceof DnsUnavailableError ? DomainErrors.dnsUnavailable() : error;
      }
      if (!records.includes(proof.recordValue!)) {
        throw DomainErrors.recordMissing(proof.recordName!, records.length);
      }
      await deps.organizations.markDomainVerified(admin.organizationId, domain.domain, deps.clock.now());
      await record(admin, 'organization.domain_verified', domain.domain);
      return proofOf(await find(admin, domain.domain));
    },

    async remove(admin, name) {
      const domain = await find(admin, name);
      await deps.organizations.removeDomain(admin.organizationId, domain.domain);
      await record(admin, 'organization.domain_removed', domain.domain);
    },
  };
}
