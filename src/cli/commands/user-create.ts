import { defineCommand } from '../cli-context.js';
import { parseOptions, required } from '../parse-options.js';

export const userCreate = defineCommand({
  usage: 'user:create --email E [--password P] [--name N] [--admin]',
  summary: 'create an account that can sign in with a password (without --password: asked for, or read from stdin)',
  secretOption: { name: 'password', label: 'Password' },
  parse(args) {
    const options = parseOptions(args, {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'boolean', default: false },
    });
    return {
      email: required(options.email, 'email'),
      password: required(options.password, 'password'),
      name: options.name,
      admin: options.admin,
    };
  },
  async run(input, context) {
    const account = await context.accounts.create(input);
    context.out(`created ${account.isAdmin ? 'administrator' : 'user'} ${account.email} (id ${account.id})`);
  },
});
