// Which database errors mean 'the database is away for now' (restarting, unreachable, out of
// connections) rather than 'this query is wrong': those are answered 503, not 500.

// SQLSTATE: class 08 (connection exception), 57P01-57P03 (shut down, crashed, starting up), 53300 (too many connections).
const PG_CODES = /^(08\d{3}|57P0[1-3]|53300)$/;
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// Prisma: cannot reach, timed out, closed by the server, pool timeout, too many connections.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const MESSAGES = /Query read timeout|Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Can't reach database server|Server has closed the connection|Client has encountered a connection error/i;

export function isConnectionError(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') {
    return false;
  }
  const { code, kind, message, cause, meta } = error as {
    code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown };
  };
  if (typeof code === 'string' && (PG_CODES.test(code) || NODE_CODES.has(code) || PRISMA_CODES.has(code))) {
    return true;
  }
  if (typeof kind === 'string' && (ADAPTER_KINDS.has(kind) || (kind === 'postgres' && isConnectionError({ code: (error as { code?: unknown }).code })))) {
    return true;
  }
  if (typeof message === 'string' && MESSAGES.test(message)) {
    return true;
  }
  return isConnectionError(cause, depth + 1) || isConnectionError(meta?.driverAdapterError, depth + 1);
}
