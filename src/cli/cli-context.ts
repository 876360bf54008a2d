import type { AccountService } from '../accounts/account-service.js';
import type { Invitations } from '../accounts/invitations.js';
import type { ClientRegistry } from '../clients/client-registry.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { DomainAdmin } from '../organizations/domain-admin.js';
import type { Organizations } from '../organizations/organizations.js';
import type { ScimTokens } from '../scim/scim-tokens.js';
import type { MigrationReport } from '../storage/migrations/apply-migrations.js';

/** What CLI commands may use: the same services as the server. */
export interface CliContext {
  readonly accounts: AccountService;
  readonly invitations: Invitations;
  readonly clients: ClientRegistry;
  readonly keys: KeyRing;
  readonly organizations: Organizations;
  readonly domains: DomainAdmin;
  readonly scimTokens: ScimTokens;
  /** The public URL of this server (for addresses a command prints). */
  readonly issuer: string;
  readonly migrations: MigrationReport;
  /** Lets the running server (when the command runs inside it) use new signing keys at once. */
  readonly keysChanged: () => Promise<void>;
  readonly out: (line: string) => void;
}

export interface CliCommand<Options = unknown> {
  readonly usage: string;
  readonly summary: string;
  /**
   * An option that holds a secret: when it is absent, the CLI asks for it (without echo) or reads it
   * from stdin, before the arguments are checked, so that it need not be typed on the command line.
   */
  readonly secretOption?: { readonly name: string; readonly label: string };
  /** Checks the arguments before anything is opened; throws UsageError. */
  parse(args: readonly string[]): Options;
  run(options: Options, context: CliContext): Promise<void>;
}

/** Keeps each command's option type while listing commands together. */
export function defineCommand<Options>(command: CliCommand<Options>): CliCommand {
  return command as CliCommand;
}

/** Wrong or missing arguments: the command's usage is printed and the exit code is 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
