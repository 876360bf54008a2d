// The Admin API's OpenAPI 3.1 document, generated from the operation table and its zod schemas, so that
// it cannot drift from what the router accepts.
import { z } from 'zod';

import { PROVIDER_ROUTES } from '../../provider/routes.js';
import { ADMIN_SCOPE } from '../../provider/resource-servers.js';
import type { ApiOperation } from './api-operation.js';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const problem = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'urn:gotoassist:admin-api:problem:CODE' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'For people' },
    errors: {
      type: 'array', description: 'For invalid requests: each field at fault',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

export function openApiDocument(issuer: string, audience: string, operations: readonly ApiOperation[]): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of operations) {
    const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = op.query ? jsonSchema(op.query, 'input') as { properties?: Record<string, object>; required?: string[] } : {};
    const queryParams = Object.entries(query.properties ?? {}).map(([name, schema]) => ({
      name, in: 'query', required: query.required?.includes(name) ?? false, schema,
    }));
    const responses = Object.fromEntries(Object.entries(op.responses).map(([status, response]) => [status, {
      description: response.description,
      ...(response.schema ? { content: { 'application/json': { schema: jsonSchema(response.schema, 'output') } } } : {}),
      ...(response.mediaType ? { content: { [response.mediaType]: { schema: { type: 'string' } } } } : {}),
    }]));
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      parameters: [...pathParams, ...queryParams],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses: {
        ...responses,
        400: { description: 'The request is not valid', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        401: { description: 'No valid access token' },
        403: { description: 'Not an administrator, or the token lacks the admin scope' },
      },
    };
  }
  const scopes = { [ADMIN_SCOPE]: 'Manage the organization: users, settings, clients, audit log' };
  return {
    openapi: '3.1.0',
    info: {
      title: 'GoToAssist Admin API',
      version: '1.0.0',
      description: 'What the Admin Center does, for programs. Tokens come from this provider with the admin scope, for this API as the '
        + `resource (audience ${audience}): by client_credentials for a service client given the Admin API, or for an administrator who signs in.`,
    },
    servers: [{ url: audience }],
    security: [{ oauth2: [ADMIN_SCOPE] }],
    components: {
      securitySchemes: {
        oauth2: {
          type: 'oauth2',
          flows: {
            clientCredentials: { tokenUrl: `${issuer}${PROVIDER_ROUTES.token}`, scopes },
            authorizationCode: { authorizationUrl: `${issuer}${PROVIDER_ROUTES.authorization}`, tokenUrl: `${issuer}${PROVIDER_ROUTES.token}`, scopes },
          },
        },
      },
      schemas: { Problem: problem },
    },
    paths,
  };
}
