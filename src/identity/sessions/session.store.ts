import { Inject, Injectable } from '@nestjs/common';
import { Role } from '@contest/domain';
import { createHash, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { ServiceUnavailable } from '../../command-log/pipeline/storage-failure';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { REDIS_CLIENT } from '../../platform/redis/redis.module';

export interface Session {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly Role[];
}

/** How long a session lookup may wait for Redis before the request is told to retry. */
const SESSION_STORE_TIMEOUT_MS = 2_000;

/**
 * Opaque bearer tokens. Redis keeps only the token's SHA-256 with a TTL, so a dump of Redis
 * holds no usable token. Sessions are not command-sourced (DESIGN.md): flushing Redis logs
 * everyone out and loses nothing else. When Redis cannot be reached, every operation fails
 * with SESSION_STORE_UNAVAILABLE (503), never with a guess.
 */
@Injectable()
export class SessionStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(session: Session, now: Date): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const ttl = this.config.sessionTtlSeconds;
    const key = this.key(token);
    // The user's open sessions are indexed so that a role grant reaches them at once.
    const results = await this.reach(() =>
      this.redis
        .multi()
        .set(key, JSON.stringify(session), 'EX', ttl)
        .sadd(this.userKey(session.userId), key)
        .expire(this.userKey(session.userId), ttl)
        .exec(),
    );
    if (!results || results.some(([error]) => error)) throw unavailable();
    return { token, expiresAt: new Date(now.getTime() + ttl * 1000).toISOString() };
  }

  /** A role granted now counts in the sessions already open, not only after the next login. */
  async updateRoles(userId: string, roles: readonly Role[]): Promise<void> {
    const keys = await this.reach(() => this.redis.smembers(this.userKey(userId)));
    for (const key of keys) {
      const raw = await this.reach(() => this.redis.get(key));
      if (raw === null) {
        await this.reach(() => this.redis.srem(this.userKey(userId), key));
        continue;
      }
      await this.reach(() =>
        this.redis.set(key, JSON.stringify({ ...(JSON.parse(raw) as Session), roles }), 'KEEPTTL'),
      );
    }
  }

  async find(token: string): Promise<Session | null> {
    const raw = await this.reach(() => this.redis.get(this.key(token)));
    return raw === null ? null : (JSON.parse(raw) as Session);
  }

  async close(token: string, userId?: string): Promise<void> {
    const key = this.key(token);
    await this.reach(() => this.redis.del(key));
    if (userId) await this.reach(() => this.redis.srem(this.userKey(userId), key));
  }

  /**
   * One Redis call, failing fast while Redis is known to be away, and bounded in time while
   * it is being reached: a request waits at most a couple of seconds to learn it must retry.
   */
  private async reach<T>(call: () => Promise<T>): Promise<T> {
    if (['end', 'close', 'reconnecting'].includes(this.redis.status)) throw unavailable();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable()), SESSION_STORE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      throw error instanceof ServiceUnavailable ? error : unavailable();
    } finally {
      clearTimeout(timer);
    }
  }

  private userKey(userId: string): string {
    return `${this.config.queuePrefix}:user-sessions:${userId}`;
  }

  private key(token: string): string {
    const digest = createHash('sha256').update(token).digest('base64url');
    return `${this.config.queuePrefix}:session:${digest}`;
  }
}

function unavailable(): ServiceUnavailable {
  return new ServiceUnavailable(
    'SESSION_STORE_UNAVAILABLE',
    'Sessions cannot be reached right now; retry shortly.',
  );
}
