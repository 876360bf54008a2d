// This server as a SAML 2.0 service provider: one entity for every organization, with its metadata and
// its Assertion Consumer Service (HTTP-POST) at fixed addresses under the issuer.
export const SAML_METADATA_PATH = '/saml/metadata';
export const SAML_ACS_PATH = '/saml/acs';

export interface ServiceProvider {
  /** Our entity ID: the metadata's URL, as most identity providers expect. */
  readonly entityId: string;
  readonly acsUrl: string;
  readonly metadataUrl: string;
}

export function serviceProvider(issuer: string): ServiceProvider {
  return { entityId: `${issuer}${SAML_METADATA_PATH}`, acsUrl: `${issuer}${SAML_ACS_PATH}`, metadataUrl: `${issuer}${SAML_METADATA_PATH}` };
}

/** The attributes read for the email and the name, after the one an organization configured. */
export const EMAIL_ATTRIBUTES = [
  'email', 'mail', 'urn:oid:0.9.2342.19200300.100.1.3', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
] as const;
export const NAME_ATTRIBUTES = ['displayName', 'urn:oid:2.16.840.1.113730.3.1.241', 'cn', 'urn:oid:2.5.4.3', 'name'] as const;
export const GIVEN_NAME_ATTRIBUTES = ['givenName', 'urn:oid:2.5.4.42', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname'] as const;
export const SURNAME_ATTRIBUTES = ['sn', 'surname', 'urn:oid:2.5.4.4', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname'] as const;
