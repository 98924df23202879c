import { oneLine } from '../logging/throttled-log';

/**
 * Postgres cannot be reached, or dropped the connection mid-transaction: nothing was stored,
 * and nothing can be logged about it either. Answered 503 DATABASE_UNAVAILABLE.
 */
export class DatabaseUnavailable extends Error {
  constructor(readonly reason: unknown) {
    super(`database unavailable: ${oneLine(reason)}`);
  }
}

/** SQLSTATEs of a lost or refused connection: admin shutdown, crash, cannot connect now. */
const UNAVAILABLE_STATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_SOCKET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const UNAVAILABLE_MESSAGE =
  /connection terminated|terminating connection|connection timeout|timeout exceeded when trying to connect|client has encountered a connection error|not queryable|connection refused|server closed the connection|already released/i;

/** Whether an error says Postgres is out of reach, rather than that it refused this command. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (e instanceof DatabaseUnavailable) return true;
    const { code, message, driverError } = e as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
    };
    if (typeof code === 'string' && (UNAVAILABLE_STATES.has(code) || UNAVAILABLE_SOCKET.has(code)))
      return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    e = driverError;
  }
  return false;
}
