// Domain objects as the Admin API shows them (the *Out schemas).
import type { z } from 'zod';

import type { AuditEvent } from '../../audit/audit-event.js';
import type { ClientSummary } from '../../clients/organization-clients.js';
import { layoutBrand } from '../../http/render/brand.js';
import type { DomainProof } from '../../organizations/domain-admin.js';
import type { Member, Organization } from '../../organizations/organization.js';
import type { ConnectionSummary } from '../../organizations/settings-admin.js';
import type { auditEventOut, brandingOut, clientOut, connectionOut, domainOut, settingsOut, userOut } from '../admin-schemas.js';
import { proofOf } from '../../organizations/domain-admin.js';

export function userJson(member: Member): z.infer<typeof userOut> {
  return {
    id: member.accountId, email: member.email, name: member.name, status: member.status, admin: member.isAdmin,
    twoStepEnabled: member.twoStepEnabled, passkeys: member.passkeys, lastSignInAt: member.lastSignInAt?.toISOString() ?? null, createdAt: member.createdAt.toISOString(),
  };
}

export function domainJson(proof: DomainProof): z.infer<typeof domainOut> {
  return {
    domain: proof.domain, verified: proof.verified,
    txtRecord: proof.recordName && proof.recordValue ? { name: proof.recordName, value: proof.recordValue } : null,
  };
}

export function connectionJson(connection: ConnectionSummary): z.infer<typeof connectionOut> {
  return connection.protocol === 'saml'
    ? { ...connection, metadataUrl: connection.metadataUrl ?? null, idpInitiatedClientId: connection.idpInitiatedClientId ?? null, serviceProvider: { ...connection.serviceProvider } }
    : { ...connection, scopes: [...connection.scopes], jwksUrl: connection.jwksUrl ?? null };
}

export function settingsJson(organization: Organization, connection: ConnectionSummary | undefined): z.infer<typeof settingsOut> {
  return {
    id: organization.id, name: organization.name, ssoOnly: organization.ssoOnly, requireMfa: organization.requireMfa,
    requirePasskey: organization.requirePasskey, waiveMfaForSso: organization.waiveMfaForSso, jitProvisioning: organization.jitProvisioning,
    loginVerification: organization.loginVerification, sessionMaxHours: organization.sessionMaxHours,
    domains: organization.domains.map((domain) => domainJson(proofOf(domain))),
    connection: connection ? connectionJson(connection) : null,
    branding: brandingJson(organization),
  };
}

export function brandingJson(organization: Organization): z.infer<typeof brandingOut> {
  const { displayName, color } = organization.branding;
  return { displayName, color, logoUrl: layoutBrand(organization)?.logoUrl ?? null };
}

export function clientJson(client: ClientSummary): z.infer<typeof clientOut> {
  const { clientId, redirectUris, postLogoutRedirectUris, ...rest } = client;
  return { id: clientId, ...rest, redirectUris: [...redirectUris], postLogoutRedirectUris: [...postLogoutRedirectUris] };
}

export function auditJson(event: AuditEvent): z.infer<typeof auditEventOut> {
  const { accountId, occurredAt, details, ...rest } = event;
  return { ...rest, userId: accountId, occurredAt: occurredAt.toISOString(), details: details ? { ...details } : null };
}
