import type { CliCommand } from '../cli-context.js';
import { parseOptions, required } from '../parse-options.js';

export const userCreate: CliCommand = {
  usage: 'user:create --email E --password P [--name N] [--admin]',
  summary: 'create an account that can sign in with a password',
  async run(args, context) {
    const options = parseOptions(args, {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'boolean', default: false },
    });
    const account = await context.accounts.create({
      email: required(options.email, 'email'),
      password: required(options.password, 'password'),
      name: options.name,
      admin: options.admin,
    });
    context.out(`created ${account.isAdmin ? 'administrator' : 'user'} ${account.email} (id ${account.id})`);
  },
};
