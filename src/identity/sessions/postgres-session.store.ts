import { Role } from '@contest/domain';
import type { Pool } from 'pg';
import { AppConfig } from '../../platform/config/app-config';
import { newToken, Session, SessionBackend, tokenDigest, orSessionsUnavailable } from './session';

/**
 * How long a process may answer from its own cache: a logout or a role grant made in another
 * process reaches this one within this bound (in the process that made it, at once).
 */
export const SESSION_CACHE_MS = 2_000;

/** Sessions a process keeps cached at most; the oldest go first. */
const SESSION_CACHE_ENTRIES = 10_000;

/** How often expired and long-revoked sessions are deleted (by one process at a time). */
export const SESSION_SWEEP_MS = 60_000;

/** Any constant: the advisory lock that lets one process at a time sweep the sessions table. */
const SWEEP_LOCK = 7_262_027;

interface Cached {
  readonly session: Session;
  /** Epoch ms after which the entry must be read from Postgres again. */
  readonly until: number;
}

/**
 * Sessions in Postgres (REDIS_URL unset): the `sessions` table holds the token's SHA-256
 * (never the token), the user, the roles, the expiry and the revocation time. Logging out
 * revokes the row; a role grant updates the user's open rows. Each process caches a session
 * it has read for SESSION_CACHE_MS at most (never past its expiry), so that a burst of
 * requests with one token costs one lookup; its own logouts and grants drop its cache at once.
 * Expired rows, and rows revoked more than an hour ago, are swept once a minute by whichever
 * process takes the sweep lock.
 */
export class PostgresSessionStore implements SessionBackend {
  private readonly cache = new Map<string, Cached>();
  /** Lookups in flight by digest: requests arriving together with one token share one. */
  private readonly inFlight = new Map<string, Promise<Session | null>>();
  /** Bumped by every local revocation or grant: a lookup begun before it is not cached. */
  private generation = 0;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly config: Pick<AppConfig, 'sessionTtlSeconds'>,
    private readonly options: { cacheMs?: number; sweepMs?: number } = {},
  ) {}

  /** Starts the periodic sweep of expired rows (the API does; tests may sweep by hand). */
  start(): void {
    this.sweeper ??= setInterval(
      () => void this.sweep().catch(() => undefined),
      this.options.sweepMs ?? SESSION_SWEEP_MS,
    );
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  async open(session: Session, now: Date): Promise<{ token: string; expiresAt: string }> {
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlSeconds * 1000);
    const digest = tokenDigest(token);
    await orSessionsUnavailable(() =>
      this.pool.query(
        `INSERT INTO sessions (token_digest, user_id, username, roles, opened_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [digest, session.userId, session.username, session.roles, now, expiresAt],
      ),
    );
    this.remember(digest.toString('base64url'), session, expiresAt.getTime());
    return { token, expiresAt: expiresAt.toISOString() };
  }

  async updateRoles(userId: string, roles: readonly Role[]): Promise<void> {
    this.forget((cached) => cached.session.userId === userId);
    await orSessionsUnavailable(() =>
      this.pool.query(
        `UPDATE sessions SET roles = $2
          WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
        [userId, roles],
      ),
    );
    this.forget((cached) => cached.session.userId === userId);
  }

  async find(token: string): Promise<Session | null> {
    const digest = tokenDigest(token);
    const key = digest.toString('base64url');
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.session;
    if (cached) this.cache.delete(key);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const lookup = this.lookUp(digest, key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, lookup);
    return lookup;
  }

  async close(token: string): Promise<void> {
    const digest = tokenDigest(token);
    const key = digest.toString('base64url');
    this.cache.delete(key);
    this.inFlight.delete(key);
    this.generation += 1;
    await orSessionsUnavailable(() =>
      this.pool.query(
        `UPDATE sessions SET revoked_at = now() WHERE token_digest = $1 AND revoked_at IS NULL`,
        [digest],
      ),
    );
    this.cache.delete(key);
    this.generation += 1;
  }

  /**
   * Deletes expired rows and rows revoked over an hour ago, a bounded batch at a time, in one
   * process at a time (the others skip the turn). Returns how many went.
   */
  async sweep(): Promise<number> {
    const result = await this.pool.query(
      `WITH turn AS (SELECT pg_try_advisory_xact_lock($1) AS mine)
       DELETE FROM sessions
        WHERE (SELECT mine FROM turn)
          AND token_digest IN (
            SELECT token_digest FROM sessions
             WHERE expires_at < now() OR revoked_at < now() - interval '1 hour'
             LIMIT 10000)`,
      [SWEEP_LOCK],
    );
    return result.rowCount ?? 0;
  }

  private async lookUp(digest: Buffer, key: string): Promise<Session | null> {
    const generation = this.generation;
    const rows = await orSessionsUnavailable(async () => {
      const result = await this.pool.query<{
        user_id: string;
        username: string;
        roles: Role[];
        expires_at: Date;
      }>(
        `SELECT user_id, username, roles, expires_at FROM sessions
          WHERE token_digest = $1 AND revoked_at IS NULL AND expires_at > now()`,
        [digest],
      );
      return result.rows;
    });
    const row = rows[0];
    if (!row) return null;
    const session: Session = { userId: row.user_id, username: row.username, roles: row.roles };
    if (generation === this.generation) this.remember(key, session, row.expires_at.getTime());
    return session;
  }

  private remember(key: string, session: Session, expiresAt: number): void {
    const cacheMs = this.options.cacheMs ?? SESSION_CACHE_MS;
    if (cacheMs <= 0) return;
    this.cache.delete(key);
    if (this.cache.size >= SESSION_CACHE_ENTRIES) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(key, { session, until: Math.min(Date.now() + cacheMs, expiresAt) });
  }

  private forget(match: (cached: Cached) => boolean): void {
    this.generation += 1;
    for (const [key, cached] of this.cache) if (match(cached)) this.cache.delete(key);
  }
}
