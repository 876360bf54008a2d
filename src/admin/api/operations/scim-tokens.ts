import { z } from 'zod';

import type { ScimTokenRecord } from '../../../scim/scim-directory.js';
import { operation } from '../api-operation.js';

const scimTokenOut = z.object({
  id: z.uuid(),
  label: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable().describe('written at most once a minute'),
});
const scimTokenBody = z.strictObject({ label: z.string().trim().min(1).max(100).describe('e.g. the identity provider that uses it') });
const scimTokenCreatedOut = z.object({
  token: scimTokenOut,
  secret: z.string().describe('Shown this once: Authorization: Bearer SECRET at ISSUER/scim/v2'),
  baseUrl: z.string().describe('The SCIM base URL to give the identity provider'),
});

const tokenJson = (token: ScimTokenRecord) => ({
  id: token.id, label: token.label, createdAt: token.createdAt.toISOString(), lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
});

export const scimTokenOperations = [
  operation({
    method: 'get', path: '/scim-tokens', operationId: 'listScimTokens', tag: 'Provisioning', summary: "The organization's SCIM tokens (never their secrets)",
    responses: { 200: { description: 'The tokens', schema: z.object({ tokens: z.array(scimTokenOut) }) } },
    handle: async ({ admin, services }) => ({ status: 200, body: { tokens: (await services.scimTokens.list(admin)).map(tokenJson) } }),
  }),
  operation({
    method: 'post', path: '/scim-tokens', operationId: 'createScimToken', tag: 'Provisioning',
    summary: 'Make a SCIM token for your identity provider: its secret is in this answer only',
    body: scimTokenBody,
    responses: { 201: { description: 'The token and its secret', schema: scimTokenCreatedOut }, 409: { description: 'Ten tokens exist already' } },
    async handle({ admin, services, body }) {
      const { token, secret } = await services.scimTokens.create(admin, body.label);
      return { status: 201, body: { token: tokenJson(token), secret, baseUrl: services.scimBaseUrl } };
    },
  }),
  operation({
    method: 'delete', path: '/scim-tokens/{id}', operationId: 'revokeScimToken', tag: 'Provisioning', summary: 'Revoke a SCIM token: it stops at once',
    responses: { 204: { description: 'Revoked' }, 404: { description: 'Not a token of your organization' } },
    async handle({ admin, services, params }) {
      await services.scimTokens.revoke(admin, params['id']!);
      return { status: 204 };
    },
  }),
];
