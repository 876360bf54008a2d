import {
  brandingBody, brandingOut, connectionBody, connectionOut, connectionTestOut, domainBody, domainOut, samlConnectionBody, samlConnectionOut, settingsBody, settingsOut,
} from '../../admin-schemas.js';
import { operation } from '../api-operation.js';
import { brandingJson, connectionJson, domainJson, settingsJson } from '../presenters.js';

export const settingsOperations = [
  operation({
    method: 'get', path: '/settings', operationId: 'getSettings', tag: 'Settings', summary: 'The organization\'s account settings',
    responses: { 200: { description: 'Settings, domains and identity provider', schema: settingsOut } },
    async handle({ admin, services }) {
      const { organization, connection } = await services.settings.get(admin);
      return { status: 200, body: settingsJson(organization, connection) };
    },
  }),
  operation({
    method: 'patch', path: '/settings', operationId: 'updateSettings', tag: 'Settings',
    summary: 'Change settings: only the fields given change',
    body: settingsBody,
    responses: {
      200: { description: 'The settings now', schema: settingsOut },
      409: { description: 'Enterprise SSO only without an identity provider and a verified domain' },
    },
    async handle({ admin, services, body }) {
      await services.settings.update(admin, body);
      const { organization, connection } = await services.settings.get(admin);
      return { status: 200, body: settingsJson(organization, connection) };
    },
  }),
  operation({
    method: 'post', path: '/domains', operationId: 'addDomain', tag: 'Domains',
    summary: 'Claim a domain: publish the TXT record it answers with, then verify',
    body: domainBody,
    responses: { 201: { description: 'The claim, with its TXT record', schema: domainOut }, 409: { description: 'Claimed already' } },
    handle: async ({ admin, services, body }) => ({ status: 201, body: domainJson(await services.domains.add(admin, body.domain)) }),
  }),
  operation({
    method: 'post', path: '/domains/{domain}/verify', operationId: 'verifyDomain', tag: 'Domains',
    summary: 'Look up the TXT record; the domain is proven when it is there',
    responses: {
      200: { description: 'The domain, verified', schema: domainOut }, 404: { description: 'Not claimed by your organization' },
      409: { description: 'The TXT record is not there (yet)' }, 503: { description: 'DNS could not be asked' },
    },
    handle: async ({ admin, services, params }) => ({ status: 200, body: domainJson(await services.domains.verify(admin, params['domain']!)) }),
  }),
  operation({
    method: 'delete', path: '/domains/{domain}', operationId: 'removeDomain', tag: 'Domains', summary: 'Give a domain up',
    responses: { 204: { description: 'Removed' }, 404: { description: 'Not claimed by your organization' } },
    async handle({ admin, services, params }) {
      await services.domains.remove(admin, params['domain']!);
      return { status: 204 };
    },
  }),
  operation({
    method: 'put', path: '/connection', operationId: 'setConnection', tag: 'Identity provider',
    summary: 'Set the company\'s OpenID Connect identity provider (the secret is never shown again)',
    body: connectionBody,
    responses: { 200: { description: 'The identity provider', schema: connectionOut } },
    async handle({ admin, services, body }) {
      const { connection } = await services.settings.setConnection(admin, body);
      return { status: 200, body: connectionJson(connection) };
    },
  }),
  operation({
    method: 'put', path: '/connection/saml', operationId: 'setSamlConnection', tag: 'Identity provider',
    summary: 'Set the company\'s SAML 2.0 identity provider: from its metadata URL, its metadata XML, or entity ID + SSO URL + certificate',
    body: samlConnectionBody,
    responses: {
      200: { description: 'The identity provider, and what it needs from us', schema: samlConnectionOut },
      400: { description: 'The metadata cannot be fetched or read, or a part of it is not valid (the reason is given)' },
    },
    async handle({ admin, services, body }) {
      const connection = await services.settings.setSamlConnection(admin, body);
      return { status: 200, body: connectionJson(connection) };
    },
  }),
  operation({
    method: 'patch', path: '/branding', operationId: 'updateBranding', tag: 'Settings',
    summary: 'The sign-in pages\' look for the organization\'s users: only the fields given change; null is the product\'s own',
    body: brandingBody,
    responses: {
      200: { description: 'The look now', schema: brandingOut },
      400: { description: 'A colour not readable on white (the ratio is given), or a display name that is too long' },
    },
    async handle({ admin, services, body }) {
      return { status: 200, body: brandingJson(await services.settings.setBranding(admin, body)) };
    },
  }),
  operation({
    method: 'delete', path: '/connection', operationId: 'removeConnection', tag: 'Identity provider', summary: 'Remove the identity provider',
    responses: { 204: { description: 'Removed' }, 409: { description: 'Enterprise SSO only is on' } },
    async handle({ admin, services }) {
      await services.settings.removeConnection(admin);
      return { status: 204 };
    },
  }),
  operation({
    method: 'post', path: '/connection/test', operationId: 'testConnection', tag: 'Identity provider',
    summary: 'Check that the identity provider can be used: discovery, endpoints, client authentication, keys',
    responses: { 200: { description: 'Each check, passed or not', schema: connectionTestOut }, 404: { description: 'No identity provider' } },
    handle: async ({ admin, services }) => ({ status: 200, body: await services.settings.testConnection(admin) }),
  }),
];
