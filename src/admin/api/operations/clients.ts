import { z } from 'zod';

import { clientBody, clientChanges, clientOut, clientWithSecretOut } from '../../admin-schemas.js';
import { operation } from '../api-operation.js';
import { clientJson } from '../presenters.js';

const notFound = { 404: { description: 'Your organization has no such client' } };

export const clientOperations = [
  operation({
    method: 'get', path: '/clients', operationId: 'listClients', tag: 'Clients', summary: 'The organization\'s OAuth clients',
    responses: { 200: { description: 'Every client', schema: z.object({ items: z.array(clientOut) }) } },
    handle: async ({ admin, services }) => ({ status: 200, body: { items: (await services.clients.list(admin)).map(clientJson) } }),
  }),
  operation({
    method: 'post', path: '/clients', operationId: 'createClient', tag: 'Clients', summary: 'Create a client; its secret is shown this once',
    body: clientBody,
    responses: { 201: { description: 'The client and its secret', schema: clientWithSecretOut } },
    async handle({ admin, services, body }) {
      const { client, secret } = await services.clients.create(admin, body);
      return { status: 201, body: { client: clientJson(client), clientSecret: secret ?? null } };
    },
  }),
  operation({
    method: 'get', path: '/clients/{id}', operationId: 'getClient', tag: 'Clients', summary: 'One client',
    responses: { 200: { description: 'The client', schema: clientOut }, ...notFound },
    handle: async ({ admin, services, params }) => ({ status: 200, body: clientJson(await services.clients.get(admin, params['id']!)) }),
  }),
  operation({
    method: 'patch', path: '/clients/{id}', operationId: 'updateClient', tag: 'Clients', summary: 'Rename, or change redirect URIs',
    body: clientChanges, responses: { 200: { description: 'The client now', schema: clientOut }, ...notFound },
    handle: async ({ admin, services, params, body }) => ({ status: 200, body: clientJson(await services.clients.update(admin, params['id']!, body)) }),
  }),
  operation({
    method: 'post', path: '/clients/{id}/rotate-secret', operationId: 'rotateClientSecret', tag: 'Clients',
    summary: 'A new secret, shown this once; the old one stops working at once',
    responses: { 200: { description: 'The client and its new secret', schema: clientWithSecretOut }, ...notFound },
    async handle({ admin, services, params }) {
      const { client, secret } = await services.clients.rotateSecret(admin, params['id']!);
      return { status: 200, body: { client: clientJson(client), clientSecret: secret } };
    },
  }),
  operation({
    method: 'delete', path: '/clients/{id}', operationId: 'deleteClient', tag: 'Clients', summary: 'Delete a client',
    responses: { 204: { description: 'Deleted' }, ...notFound },
    async handle({ admin, services, params }) {
      await services.clients.delete(admin, params['id']!);
      return { status: 204 };
    },
  }),
];
