import type { SigningKey } from '../../keys/signing-key.js';
import { defineCommand } from '../cli-context.js';
import { parseOptions, required } from '../parse-options.js';

const describe = (key: SigningKey) =>
  `${key.kid}  ${key.alg}  created ${key.createdAt.toISOString()}${key.retiredAt ? `  retired ${key.retiredAt.toISOString()}` : ''}`;

const noOptions = (args: readonly string[]) => {
  parseOptions(args, {});
};

export const keysRotate = defineCommand({
  usage: 'keys:rotate',
  summary: 'add a new current signing key per algorithm; older keys still verify until retired',
  parse: noOptions,
  async run(_options, context) {
    const created = await context.keys.rotate();
    await context.keysChanged();
    for (const key of created) {
      context.out(`new current ${key.alg} key ${key.kid}`);
    }
  },
});

export const keysList = defineCommand({
  usage: 'keys:list',
  summary: 'list signing keys, newest first',
  parse: noOptions,
  async run(_options, context) {
    for (const key of await context.keys.list()) {
      context.out(describe(key));
    }
  },
});

export const keysRetire = defineCommand({
  usage: 'keys:retire --kid=KID',
  summary: 'stop publishing a key that is no longer current: tokens it signed stop verifying',
  parse: (args) => required(parseOptions(args, { kid: { type: 'string' } }).kid, 'kid'),
  async run(kid, context) {
    const key = await context.keys.retire(kid);
    await context.keysChanged();
    context.out(`retired ${describe(key)}`);
  },
});
