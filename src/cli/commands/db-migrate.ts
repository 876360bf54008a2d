import type { CliCommand } from '../cli-context.js';
import { parseOptions } from '../parse-options.js';

export const dbMigrate: CliCommand = {
  usage: 'db:migrate',
  summary: 'apply pending database migrations (the server also does this when it starts)',
  async run(args, context) {
    parseOptions(args, {});
    const { applied, alreadyApplied } = context.migrations;
    for (const name of applied) {
      context.out(`applied ${name}`);
    }
    context.out(`database is up to date (${applied.length + alreadyApplied} migrations)`);
  },
};
