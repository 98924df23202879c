import { RejectionCode } from '@contest/domain';

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
