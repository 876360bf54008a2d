export interface SettingProblem {
  readonly setting: string;
  readonly problem: string;
}

/** Stops the server at start-up; the message names every bad setting. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly SettingProblem[]) {
    super(
      `Invalid configuration:\n${problems.map(({ setting, problem }) => `  ${setting}: ${problem}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}
