import { Role } from '@contest/domain';
import Redis from 'ioredis';
import { AppConfig } from '../../platform/config/app-config';
import {
  newToken,
  Session,
  SessionBackend,
  sessionsUnavailable,
  tokenDigest,
  orSessionsUnavailable,
} from './session';

/**
 * Sessions in Redis (REDIS_URL set). Redis keeps only the token's SHA-256 with a TTL, so a
 * dump of Redis holds no usable token. Sessions are not command-sourced (docs/DESIGN.md): flushing
 * Redis logs everyone out and loses nothing else. Every process reads Redis itself: a logout
 * or a role grant counts everywhere at once.
 */
export class RedisSessionStore implements SessionBackend {
  constructor(
    private readonly redis: Redis,
    private readonly config: Pick<AppConfig, 'queuePrefix' | 'sessionTtlSeconds'>,
  ) {}

  async open(session: Session, now: Date): Promise<{ token: string; expiresAt: string }> {
    const token = newToken();
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
    if (!results || results.some(([error]) => error)) throw sessionsUnavailable();
    return { token, expiresAt: new Date(now.getTime() + ttl * 1000).toISOString() };
  }

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
    if (['end', 'close', 'reconnecting'].includes(this.redis.status)) throw sessionsUnavailable();
    return orSessionsUnavailable(call);
  }

  private userKey(userId: string): string {
    return `${this.config.queuePrefix}:user-sessions:${userId}`;
  }

  private key(token: string): string {
    return `${this.config.queuePrefix}:session:${tokenDigest(token).toString('base64url')}`;
  }
}
