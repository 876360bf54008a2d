import { defineCommand } from '../cli-context.js';
import { parseOptions } from '../parse-options.js';

export const dbMigrate = defineCommand({
  usage: 'db:migrate',
  summary: 'apply pending database migrations (the server also does this when it starts)',
  parse(args) {
    parseOptions(args, {});
  },
  async run(_options, context) {
    const { applied, alreadyApplied } = context.migrations;
    for (const name of applied) {
      context.out(`applied ${name}`);
    }
    context.out(`database is up to date (${applied.length + alreadyApplied} migrations)`);
  },
});
