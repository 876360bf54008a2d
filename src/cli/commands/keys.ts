import type { SigningKey } from '../../keys/signing-key.js';
import type { CliCommand } from '../cli-context.js';
import { parseOptions, required } from '../parse-options.js';

const describe = (key: SigningKey) =>
  `${key.kid}  ${key.alg}  created ${key.createdAt.toISOString()}${key.retiredAt ? `  retired ${key.retiredAt.toISOString()}` : ''}`;

export const keysRotate: CliCommand = {
  usage: 'keys:rotate',
  summary: 'add a new current signing key per algorithm; older keys still verify until retired',
  async run(args, context) {
    parseOptions(args, {});
    const created = await context.keys.rotate();
    await context.keysChanged();
    for (const key of created) {
      context.out(`new current ${key.alg} key ${key.kid}`);
    }
  },
};

export const keysList: CliCommand = {
  usage: 'keys:list',
  summary: 'list signing keys, newest first',
  async run(args, context) {
    parseOptions(args, {});
    for (const key of await context.keys.list()) {
      context.out(describe(key));
    }
  },
};

export const keysRetire: CliCommand = {
  usage: 'keys:retire --kid KID',
  summary: 'stop publishing a key that is no longer current: tokens it signed stop verifying',
  async run(args, context) {
    const options = parseOptions(args, { kid: { type: 'string' } });
    const key = await context.keys.retire(required(options.kid, 'kid'));
    await context.keysChanged();
    context.out(`retired ${describe(key)}`);
  },
};
