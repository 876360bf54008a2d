// Errors of the SCIM service, in RFC 7644 section 3.12 form: the HTTP status, a scimType for the 400s (and
// 409's uniqueness, 412's none), and a detail for whoever set up the provisioning.
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimType = 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget'
  | 'invalidValue' | 'invalidVers' | 'sensitive';

export class ScimError extends Error {
  constructor(readonly status: number, readonly detail: string, readonly scimType?: ScimType) {
    super(detail);
    this.name = 'ScimError';
  }

  get body(): Record<string, unknown> {
    return { schemas: [SCIM_ERROR_SCHEMA], status: String(this.status), ...(this.scimType ? { scimType: this.scimType } : {}), detail: this.detail };
  }
}

export const ScimErrors = {
  unauthorized: () => new ScimError(401, 'Send a SCIM token of this organization: Authorization: Bearer TOKEN.'),
  notFound: (what: 'User' | 'Group' | 'resource' = 'resource') => new ScimError(404, `${what} not found.`),
  invalidValue: (detail: string) => new ScimError(400, detail, 'invalidValue'),
  invalidSyntax: (detail: string) => new ScimError(400, detail, 'invalidSyntax'),
  invalidFilter: (detail: string) => new ScimError(400, detail, 'invalidFilter'),
  invalidPath: (detail: string) => new ScimError(400, detail, 'invalidPath'),
  mutability: (detail: string) => new ScimError(400, detail, 'mutability'),
  uniqueness: (detail: string) => new ScimError(409, detail, 'uniqueness'),
  preconditionFailed: () => new ScimError(412, 'The resource changed since that version (If-Match): read it again.'),
  tooLarge: (limit: string) => new ScimError(413, `The request body is larger than ${limit}.`),
  rateLimited: (seconds: number) => new ScimError(429, `Too many requests with this token: try again in ${seconds} seconds.`),
  unsupportedMediaType: () => new ScimError(415, 'Send the request body as application/scim+json or application/json.'),
  methodNotAllowed: () => new ScimError(405, 'That method is not offered here.'),
};
