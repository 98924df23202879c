import { Role } from '@contest/domain';
import { createHash, randomBytes } from 'node:crypto';
import { ServiceUnavailable } from '../../command-log/pipeline/storage-failure';

export interface Session {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly Role[];
}

/**
 * What a session backend does; `SessionStore` picks one at start (Redis or Postgres) and
 * callers see only this. Every method fails with SESSION_STORE_UNAVAILABLE (503) when the
 * backend cannot be reached, never with a guess.
 */
export interface SessionBackend {
  open(session: Session, now: Date): Promise<{ token: string; expiresAt: string }>;
  /** A role granted now counts in the sessions already open, not only after the next login. */
  updateRoles(userId: string, roles: readonly Role[]): Promise<void>;
  find(token: string): Promise<Session | null>;
  close(token: string, userId?: string): Promise<void>;
  /** Stops timers and the like (the Postgres backend's sweep); not the connection. */
  stop?(): void;
}

/** A new opaque bearer token: 32 random bytes. Only its SHA-256 is ever stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function sessionsUnavailable(): ServiceUnavailable {
  return new ServiceUnavailable(
    'SESSION_STORE_UNAVAILABLE',
    'Sessions cannot be reached right now; retry shortly.',
  );
}

/**
 * A backend call whose failure becomes SESSION_STORE_UNAVAILABLE. Its time is bounded by the
 * backend itself (ioredis' commandTimeout, the edge pool's query and connection timeouts, 2 s
 * each), so a lookup on every request costs no timer of its own.
 */
export async function orSessionsUnavailable<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof ServiceUnavailable ? error : sessionsUnavailable();
  }
}
