// Authenticated encryption (AES-256-GCM) for secrets kept at rest: signing keys, client secrets.
// Several keys may be configured: the first encrypts, every one decrypts, so keys can be rotated.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

export interface SecretBox {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

export function createSecretBox(keys: readonly Buffer[]): SecretBox {
  if (keys.length === 0 || keys.some((key) => key.length !== 32)) {
    throw new Error('a secret box needs one or more 32-byte keys');
  }
  const byId = new Map(keys.map((key) => [keyId(key), key]));
  const [currentKey] = keys as [Buffer, ...Buffer[]];
  const currentId = keyId(currentKey);

  return {
    // The context is bound as associated data: a sealed value copied to another row or column does not open.
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, currentId, iv.toString('base64url'), body.toString('base64url'),
        cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed, context) {
      const [version, id, iv, body, tag] = sealed.split('.');
      const key = id === undefined ? undefined : byId.get(id);
      if (version !== VERSION || !key || iv === undefined || body === undefined || tag === undefined) {
        throw new Error('cannot open sealed value: unknown format or key (is DATA_ENCRYPTION_KEYS complete?)');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}
