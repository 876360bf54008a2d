// Secrets generated once for the embedded default, so `npm start` works on a fresh machine.
// Never used in production or with a shared database: there they must come from the environment.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const devSecretsSchema = z.object({
  cookieKey: z.string().min(32),
  dataEncryptionKey: z.base64(),
});

export type DevSecrets = z.infer<typeof devSecretsSchema>;

export const DEV_SECRETS_FILE = 'dev-secrets.json';

export function readOrCreateDevSecrets(dataDir: string): DevSecrets {
  const path = join(dataDir, DEV_SECRETS_FILE);
  if (existsSync(path)) {
    const parsed = devSecretsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) {
      throw new Error(`${path} is damaged; delete it only if ${dataDir} holds nothing you need`);
    }
    return parsed.data;
  }
  const secrets: DevSecrets = {
    cookieKey: randomBytes(32).toString('base64url'),
    dataEncryptionKey: randomBytes(32).toString('base64'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return secrets;
}
