// Part of the composition root: the Admin Center's services (shared by its pages and its API).
import type { AccountRepository } from '../accounts/account-repository.js';
import type { AccountService } from '../accounts/account-service.js';
import type { Invitations } from '../accounts/invitations.js';
import type { SessionRevoker } from '../accounts/session-revoker.js';
import type { AdminServices } from '../admin/admin-services.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ClientRepository } from '../clients/client-repository.js';
import { createOrganizationClients } from '../clients/organization-clients.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { connectionProvider } from '../federation/enterprise/connection-provider.js';
import { checkSamlConnection } from '../federation/saml/check-saml-connection.js';
import { fetchIdpMetadata } from '../federation/saml/idp-metadata.js';
import { checkProvider } from '../federation/check-provider.js';
import type { Mailer } from '../mail/mailer.js';
import type { TwoStep } from '../mfa/two-step.js';
import { createTxtLookup } from '../organizations/dns-txt.js';
import { createDomainAdmin } from '../organizations/domain-admin.js';
import { createMemberAdmin } from '../organizations/member-admin.js';
import type { OrganizationRepository } from '../organizations/organization-repository.js';
import type { Organizations } from '../organizations/organizations.js';
import { createSettingsAdmin } from '../organizations/settings-admin.js';
import type { Outbound } from '../outbound/outbound.js';
import type { Passkeys } from '../methods/passkey/passkeys.js';
import type { ScimDirectory } from '../scim/scim-directory.js';
import type { ScimTokens } from '../scim/scim-tokens.js';
import { SCIM_PATH } from '../scim/scim-routes.js';

export function createAdminServices(deps: {
  config: Config;
  logger: Logger;
  outbound: Outbound;
  clock: Clock;
  audit: AuditLog;
  accountRepository: AccountRepository;
  accounts: AccountService;
  invitations: Invitations;
  mailer: Mailer;
  sessions: SessionRevoker;
  organizationRepository: OrganizationRepository;
  organizations: Organizations;
  clientRepository: ClientRepository;
  twoStep: TwoStep;
  passkeys: Passkeys;
  scimTokens: ScimTokens;
  scimDirectory: Pick<ScimDirectory, 'groupsOf'>;
}): AdminServices {
  const { config, audit } = deps;
  return {
    members: createMemberAdmin({
      organizations: deps.organizationRepository, accounts: deps.accountRepository, accountService: deps.accounts,
      invitations: deps.invitations, mailer: deps.mailer, sessions: deps.sessions, twoStep: deps.twoStep, passkeys: deps.passkeys, audit,
      signInUrl: `${config.http.issuer}/account`,
    }),
    domains: createDomainAdmin({
      organizations: deps.organizationRepository, audit, clock: deps.clock,
      lookupTxt: createTxtLookup({ servers: config.dnsServers, timeoutMs: config.federationTimeout * 1000 }),
    }),
    settings: createSettingsAdmin({
      organizations: deps.organizations, repository: deps.organizationRepository, audit, issuer: config.http.issuer,
      loadSamlMetadata: (url) => fetchIdpMetadata(url, (target, init) => deps.outbound.public(target, init)),
      testConnection: (connection) => (connection.protocol === 'saml'
        ? checkSamlConnection(connection, { outbound: deps.outbound })
        : checkProvider(connectionProvider(connection), { timeoutSeconds: config.federationTimeout, outbound: deps.outbound, logger: deps.logger })),
    }),
    clients: createOrganizationClients({ repository: deps.clientRepository, audit }),
    audit,
    scimTokens: deps.scimTokens,
    scimBaseUrl: `${config.http.issuer}${SCIM_PATH}`,
    scimGroupsOf: (admin, accountId) => deps.scimDirectory.groupsOf(admin.organizationId, accountId),
  };
}
