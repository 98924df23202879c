import type Redis from 'ioredis';
import type { Pool } from 'pg';

/**
 * Counts one command in an actor's one-minute window and answers how many the window holds
 * now, or 0 when the counter cannot be reached (then commands go through: flood control never
 * refuses everyone, nor makes them wait, because its store is away).
 */
export interface WindowCounter {
  count(actorKey: string, minute: number, limit: number): Promise<number>;
  stop?(): void;
}

/** The Redis key of an actor's window: `<prefix>:rate:<actorKey>:<minute>`. */
export function rateKey(prefix: string, actorKey: string, minute: number): string {
  const { head, tail } = rateKeyAround(prefix, minute);
  return `${head}${actorKey}${tail}`;
}

/** What stands before and after the actor key in rateKey (a script fills in the actor). */
export function rateKeyAround(prefix: string, minute: number): { head: string; tail: string } {
  return { head: `${prefix}:rate:`, tail: `:${minute}` };
}

/** Redis (REDIS_URL set): INCR and EXPIRE of one key per actor and minute, as before. */
export class RedisWindowCounter implements WindowCounter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async count(actorKey: string, minute: number): Promise<number> {
    // Redis away: let commands through at once rather than refuse everyone or make them wait.
    if (this.redis.status !== 'ready') return 0;
    const key = rateKey(this.prefix, actorKey, minute);
    return this.redis
      .multi()
      .incr(key)
      .expire(key, 120)
      .exec()
      .then((results) => Number(results?.[0]?.[1] ?? 0))
      .catch(() => 0);
  }
}

/** After a failed count, how long the Postgres counter lets commands through without asking. */
const BACKOFF_MS = 1_000;

/** How often windows older than the previous minute are deleted. */
const PRUNE_MS = 60_000;

/**
 * Postgres (REDIS_URL unset): one row per actor and minute in the UNLOGGED table
 * rate_limit_windows, counted with an upsert, so the limit holds across every API process
 * sharing the database. Once a window is over the limit this process refuses it without
 * asking again (a window only grows), so a flood costs about `limit` upserts per actor and
 * minute, not one per request. Old windows are pruned once a minute.
 */
export class PostgresWindowCounter implements WindowCounter {
  /** Windows this process has seen over the limit: actorKey|minute, for this minute only. */
  private full = new Set<string>();
  private fullMinute = -1;
  private unreachableUntil = 0;
  private pruner: NodeJS.Timeout | undefined;

  constructor(private readonly pool: Pool) {}

  async count(actorKey: string, minute: number, limit: number): Promise<number> {
    if (minute !== this.fullMinute) {
      this.full = new Set();
      this.fullMinute = minute;
    }
    const key = `${actorKey}|${minute}`;
    if (this.full.has(key)) return limit + 1;
    if (Date.now() < this.unreachableUntil) return 0;
    this.startPruning();
    try {
      const result = await this.pool.query<{ used: number }>(
        `INSERT INTO rate_limit_windows (actor_key, minute, used) VALUES ($1, $2, 1)
         ON CONFLICT (actor_key, minute) DO UPDATE SET used = rate_limit_windows.used + 1
         RETURNING used`,
        [actorKey, new Date(minute * 60_000)],
      );
      const used = result.rows[0]?.used ?? 0;
      if (used > limit && minute === this.fullMinute) this.full.add(key);
      return used;
    } catch {
      this.unreachableUntil = Date.now() + BACKOFF_MS;
      return 0;
    }
  }

  /** Deletes windows before the previous minute; one statement, cheap on a small table. */
  async prune(): Promise<void> {
    await this.pool.query(
      `DELETE FROM rate_limit_windows WHERE minute < date_trunc('minute', now()) - interval '1 minute'`,
    );
  }

  stop(): void {
    clearInterval(this.pruner);
    this.pruner = undefined;
  }

  /** Only a process that counts prunes: a worker never starts the timer. */
  private startPruning(): void {
    if (this.pruner) return;
    this.pruner = setInterval(() => void this.prune().catch(() => undefined), PRUNE_MS);
    this.pruner.unref();
  }
}
