import { RejectionCode } from '@contest/domain';

/**
 * Postgres cannot be reached, or dropped the connection mid-transaction: nothing was stored,
 * and nothing can be logged about it either. Answered 503 DATABASE_UNAVAILABLE.
 */
export class DatabaseUnavailable extends Error {
  constructor(readonly reason: unknown) {
    super(`database unavailable: ${messageOf(reason)}`);
  }
}

/**
 * A service a command needs besides Postgres is down (the session store for a login): the
 * command is refused with this code and 503, and that refusal is logged.
 */
export class ServiceUnavailable extends Error {
  constructor(
    readonly code: Extract<RejectionCode, 'SESSION_STORE_UNAVAILABLE' | 'SHUTTING_DOWN'>,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
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

/** One line saying why Postgres refused something, without the values it was given. */
export function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 200);
}

/**
 * A copy of a value that Postgres can store as jsonb or text: NUL and lone surrogates become
 * U+FFFD. Used only for the log row of a command Postgres refused as it was sent.
 */
export function storable<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (depth > 40) return '[TOO DEEP]' as T;
  if (Array.isArray(value)) return value.map((item) => storable(item, depth + 1)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value))
      copy[storableText(key)] = storable(field, depth + 1);
    return copy as T;
  }
  return value;
}

const UNSTORABLE_CHARACTER =
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(text: string): string {
  return text.replace(UNSTORABLE_CHARACTER, '\uFFFD');
}
