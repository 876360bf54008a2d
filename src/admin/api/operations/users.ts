import { adminBody, inviteBody, listOf, userListQuery, userOut } from '../../admin-schemas.js';
import { operation } from '../api-operation.js';
import { userJson } from '../presenters.js';

const user = { 200: { description: 'The user', schema: userOut }, 404: { description: 'No such user in your organization' } };
const action = (verb: string, operationId: string, summary: string, run: 'resendInvite' | 'suspend' | 'reactivate' | 'resetTwoStep' | 'removePasskeys') =>
  operation({
    method: 'post', path: `/users/{id}/${verb}`, operationId, tag: 'Users', summary,
    responses: { ...user, 409: { description: 'Not possible in the user\'s state (or the last administrator)' } },
    handle: async ({ admin, services, params }) => ({ status: 200, body: userJson(await services.members[run](admin, params['id']!)) }),
  });

export const userOperations = [
  operation({
    method: 'get', path: '/users', operationId: 'listUsers', tag: 'Users', summary: 'Users of the organization, searchable, a page at a time',
    query: userListQuery,
    responses: { 200: { description: 'A page of users, by email', schema: listOf(userOut) } },
    async handle({ admin, services, query }) {
      const { members, total } = await services.members.list(admin, {
        search: query.search, status: query.status, offset: (query.page - 1) * query.perPage, limit: query.perPage,
      });
      return { status: 200, body: { items: members.map(userJson), total, page: query.page, perPage: query.perPage } };
    },
  }),
  operation({
    method: 'post', path: '/users', operationId: 'inviteUser', tag: 'Users',
    summary: 'Invite a user: they get an email to activate their account (or, with Enterprise SSO only, to sign in)',
    body: inviteBody,
    responses: { 201: { description: 'The invited user', schema: userOut }, 409: { description: 'The email already has an account' } },
    handle: async ({ admin, services, body }) => ({ status: 201, body: userJson(await services.members.invite(admin, body)) }),
  }),
  operation({
    method: 'get', path: '/users/{id}', operationId: 'getUser', tag: 'Users', summary: 'One user', responses: user,
    handle: async ({ admin, services, params }) => ({ status: 200, body: userJson(await services.members.get(admin, params['id']!)) }),
  }),
  operation({
    method: 'delete', path: '/users/{id}', operationId: 'removeUser', tag: 'Users', summary: 'Remove a user and their account',
    responses: { 204: { description: 'Removed' }, 404: user[404], 409: { description: 'Yourself, or the last administrator' } },
    async handle({ admin, services, params }) {
      await services.members.remove(admin, params['id']!);
      return { status: 204 };
    },
  }),
  operation({
    method: 'put', path: '/users/{id}/admin', operationId: 'setUserAdmin', tag: 'Users', summary: 'Make or unmake an administrator',
    body: adminBody, responses: { ...user, 409: { description: 'The last administrator' } },
    handle: async ({ admin, services, params, body }) => ({ status: 200, body: userJson(await services.members.setAdmin(admin, params['id']!, body.admin)) }),
  }),
  action('resend-invite', 'resendInvite', 'Send the invitation again (older links stop working)', 'resendInvite'),
  action('suspend', 'suspendUser', 'Suspend: the user cannot sign in, and their sessions and tokens end at once', 'suspend'),
  action('reactivate', 'reactivateUser', 'Reactivate a suspended user', 'reactivate'),
  action('reset-two-step', 'resetTwoStep', 'Turn the user\'s two-step verification off (they set it up again)', 'resetTwoStep'),
  action('remove-passkeys', 'removePasskeys', 'Remove every passkey of the user (a lost device); they sign in with their password', 'removePasskeys'),
  operation({
    method: 'post', path: '/users/{id}/sign-out', operationId: 'signOutUser', tag: 'Users',
    summary: 'Sign the user out everywhere: every session ends and every token is revoked',
    responses: { 204: { description: 'Signed out' }, 404: user[404] },
    async handle({ admin, services, params }) {
      await services.members.signOutEverywhere(admin, params['id']!);
      return { status: 204 };
    },
  }),
];
