import { defineCommand } from '../cli-context.js';
import { parseOptions, required } from '../parse-options.js';

export const clientCreate = defineCommand({
  usage: 'client:create --id ID [--secret S] --redirect-uri URI [--redirect-uri URI2 ...] '
    + '[--post-logout-redirect-uri URI ...] [--grant TYPE ...] [--name NAME] [--require-par] [--require-dpop] [--require-signed-request-object] '
    + '[--backchannel-logout-uri URI] [--frontchannel-logout-uri URI] [--initiate-login-uri URI]',
  summary: 'register an OAuth client (without --secret: a public client, which must use PKCE)',
  parse(args) {
    const options = parseOptions(args, {
      id: { type: 'string' },
      secret: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true, default: [] },
      'post-logout-redirect-uri': { type: 'string', multiple: true, default: [] },
      grant: { type: 'string', multiple: true },
      name: { type: 'string' },
      'require-par': { type: 'boolean' },
      'require-dpop': { type: 'boolean' },
      'require-signed-request-object': { type: 'boolean' },
      'backchannel-logout-uri': { type: 'string' },
      'frontchannel-logout-uri': { type: 'string' },
      'initiate-login-uri': { type: 'string' },
    });
    return {
      clientId: required(options.id, 'id'),
      secret: options.secret,
      redirectUris: options['redirect-uri'],
      postLogoutRedirectUris: options['post-logout-redirect-uri'],
      grantTypes: options.grant,
      name: options.name,
      requirePar: options['require-par'],
      requireDpop: options['require-dpop'],
      requireSignedRequestObject: options['require-signed-request-object'],
      backchannelLogoutUri: options['backchannel-logout-uri'],
      frontchannelLogoutUri: options['frontchannel-logout-uri'],
      initiateLoginUri: options['initiate-login-uri'],
    };
  },
  async run(input, context) {
    const client = await context.clients.create(input);
    context.out(`created ${client.secret === undefined ? 'public' : 'confidential'} client ${client.clientId}`);
  },
});
