import { defineCommand } from '../cli-context.js';
import { parseOptions, required } from '../parse-options.js';

export const userInvite = defineCommand({
  usage: 'user:invite --email E [--name N] [--admin] [--invited-by NAME]',
  summary: 'grant access: the person gets an email with a link (7 days) to create a password',
  parse(args) {
    const options = parseOptions(args, {
      email: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'boolean', default: false },
      'invited-by': { type: 'string' },
    });
    return {
      email: required(options.email, 'email'),
      name: options.name,
      admin: options.admin,
      invitedBy: options['invited-by'] ?? 'Your administrator',
    };
  },
  async run(input, context) {
    const account = await context.invitations.invite(input);
    context.out(`invited ${account.isAdmin ? 'administrator' : 'user'} ${account.email} (id ${account.id}); activation email sent`);
  },
});
