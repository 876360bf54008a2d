import { pino, type Logger } from 'pino';

export type { Logger };

/** Fields that may carry a secret, wherever they appear in a log object. */
const REDACTED_PATHS = [
  'password', '*.password', 'secret', '*.secret', 'token', '*.token', 'authorization', '*.authorization',
  'cookie', '*.cookie', 'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  'clientSecret', '*.clientSecret', 'refresh_token', '*.refresh_token', 'access_token',
  '*.access_token', 'id_token', '*.id_token', 'client_secret', '*.client_secret',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination as pino.DestinationStream | undefined,
  );
}
