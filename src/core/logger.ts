import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Secrets are kept out of logs by design (no bodies, headers or query strings are logged); these paths
 * catch a mistake. Top-level names only: wildcard paths would cost on every line of a hot path.
 */
const REDACTED_PATHS = [
  'password', 'secret', 'token', 'authorization', 'cookie', 'clientSecret', 'client_secret',
  'access_token', 'refresh_token', 'id_token', 'code_verifier', 'req.headers.authorization', 'req.headers.cookie',
];

const FLUSH_INTERVAL_MS = 1000;

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    (destination as pino.DestinationStream | undefined) ?? bufferedStdout(),
  );
}

/** Standard output through a 4 KiB buffer: one write for many lines on a busy server; flushed every second and on exit. */
function bufferedStdout(): pino.DestinationStream {
  const stream = pino.destination({ dest: 1, minLength: 4096, sync: false });
  setInterval(() => {
    try {
      stream.flush();
    } catch {
      // Nothing buffered yet, or standard output already closed.
    }
  }, FLUSH_INTERVAL_MS).unref();
  return stream;
}
