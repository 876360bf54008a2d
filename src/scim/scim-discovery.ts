// What the SCIM service says of itself (RFC 7644 section 4, RFC 7643 sections 5 to 7): its features, its two
// resource types, and the schemas of their attributes, with the mutability and case rules the service applies.
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from './scim-user.js';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** The most resources one page of a list holds. */
export const MAX_PAGE_SIZE = 200;

type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';

interface Attribute {
  readonly name: string;
  readonly type?: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
  readonly multiValued?: boolean;
  readonly required?: boolean;
  readonly caseExact?: boolean;
  readonly mutability?: Mutability;
  readonly uniqueness?: 'none' | 'server';
  readonly subAttributes?: readonly Attribute[];
  readonly referenceTypes?: readonly string[];
}

function describe(attribute: Attribute): Record<string, unknown> {
  const type = attribute.type ?? 'string';
  return {
    name: attribute.name, type, multiValued: attribute.multiValued ?? false, description: attribute.name, required: attribute.required ?? false,
    ...(type === 'string' || type === 'reference' ? { caseExact: attribute.caseExact ?? false } : {}),
    mutability: attribute.mutability ?? 'readWrite', returned: 'default', uniqueness: attribute.uniqueness ?? 'none',
    ...(attribute.referenceTypes ? { referenceTypes: attribute.referenceTypes } : {}),
    ...(attribute.subAttributes ? { subAttributes: attribute.subAttributes.map(describe) } : {}),
  };
}

const multi = (name: string, extra: readonly Attribute[] = []): Attribute => ({
  name, type: 'complex', multiValued: true,
  subAttributes: [{ name: 'value' }, { name: 'display' }, { name: 'type' }, { name: 'primary', type: 'boolean' }, ...extra],
});

const USER_ATTRIBUTES: readonly Attribute[] = [
  { name: 'userName', required: true, uniqueness: 'server' },
  { name: 'name', type: 'complex', subAttributes: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((name) => ({ name })) },
  { name: 'displayName' }, { name: 'nickName' }, { name: 'title' }, { name: 'userType' }, { name: 'preferredLanguage' }, { name: 'locale' }, { name: 'timezone' },
  { name: 'active', type: 'boolean' },
  multi('emails'), multi('phoneNumbers'),
  { name: 'groups', type: 'complex', multiValued: true, mutability: 'readOnly', subAttributes: [
    { name: 'value', caseExact: true, mutability: 'readOnly' }, { name: '$ref', type: 'reference', referenceTypes: ['Group'], mutability: 'readOnly' },
    { name: 'display', mutability: 'readOnly' },
  ] },
];

const ENTERPRISE_ATTRIBUTES: readonly Attribute[] = [
  { name: 'employeeNumber' }, { name: 'costCenter' }, { name: 'organization' }, { name: 'division' }, { name: 'department' },
  { name: 'manager', type: 'complex', subAttributes: [{ name: 'value', caseExact: true }, { name: '$ref', type: 'reference', referenceTypes: ['User'] }, { name: 'displayName', mutability: 'readOnly' }] },
];

const GROUP_ATTRIBUTES: readonly Attribute[] = [
  { name: 'displayName', required: true },
  { name: 'members', type: 'complex', multiValued: true, subAttributes: [
    { name: 'value', caseExact: true, mutability: 'immutable' }, { name: '$ref', type: 'reference', referenceTypes: ['User'], mutability: 'immutable' },
    { name: 'display', mutability: 'readOnly' }, { name: 'type', mutability: 'immutable' },
  ] },
];

const schema = (id: string, name: string, attributes: readonly Attribute[], baseUrl: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
  id, name, description: name, attributes: attributes.map(describe),
  meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
});

export function schemaDocuments(baseUrl: string): Record<string, unknown>[] {
  return [
    schema(USER_SCHEMA, 'User', USER_ATTRIBUTES, baseUrl),
    schema(ENTERPRISE_USER_SCHEMA, 'EnterpriseUser', ENTERPRISE_ATTRIBUTES, baseUrl),
    schema(GROUP_SCHEMA, 'Group', GROUP_ATTRIBUTES, baseUrl),
  ];
}

export function resourceTypes(baseUrl: string): Record<string, unknown>[] {
  const type = (id: string, endpoint: string, schemaId: string, extensions: readonly string[] = []) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id, name: id, endpoint, description: id, schema: schemaId,
    schemaExtensions: extensions.map((extension) => ({ schema: extension, required: false })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${id}` },
  });
  return [type('User', '/Users', USER_SCHEMA, [ENTERPRISE_USER_SCHEMA]), type('Group', '/Groups', GROUP_SCHEMA)];
}

export function serviceProviderConfig(baseUrl: string, documentationUri: string): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [{
      type: 'oauthbearertoken', name: 'SCIM token', primary: true,
      description: "A SCIM token of the organization, made in the Admin Center (Settings, Provisioning): Authorization: Bearer TOKEN",
    }],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}
