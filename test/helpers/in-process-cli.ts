// The CLI run inside the test's process, on the test app's services (as the CLI does when it hands a
// command to a running server): its exit code and what it printed, as lines and as one text.
import { runCli } from '../../src/cli/run-cli.js';
import { cliContext } from '../../src/main.js';
import type { TestApp } from './create-test-app.js';

export interface CliResult {
  readonly code: number;
  readonly lines: readonly string[];
  readonly out: string;
  readonly err: string;
}

export function inProcessCli(app: () => Pick<TestApp, 'services'>): (args: readonly string[]) => Promise<CliResult> {
  return async (args) => {
    const lines: string[] = [];
    const err: string[] = [];
    const code = await runCli([...args], cliContext(app().services, async () => undefined), { out: (line) => lines.push(line), err: (line) => err.push(line) });
    return { code, lines, out: lines.join('\n'), err: err.join('\n') };
  };
}
