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
import { RateWindow } from '../../command-log/rate-limit/command-rate-limiter';
import { rateKeyAround } from '../../command-log/rate-limit/window-counter';

/** A session found with the count of its command: `actorKey` is the window it was counted in. */
export interface CountedSession {
  readonly session: Session | null;
  readonly actorKey: string;
  readonly count: number;
}

/**
 * KEYS[1] the session key ('' without a token); ARGV the window key's head and tail around the
 * actor key, and the actor key of a request without a session. The window key is built as
 * rateKey builds it (rateKeyAround), so a window counts the same commands whichever path
 * counted them.
 */
const ADMIT_REQUEST = `
local session = false
if KEYS[1] ~= '' then session = redis.call('GET', KEYS[1]) end
local actor = ARGV[3]
if session then
  local ok, decoded = pcall(cjson.decode, session)
  if ok and type(decoded) == 'table' and decoded.userId then actor = 'user:' .. decoded.userId end
end
local key = ARGV[1] .. actor .. ARGV[2]
local count = redis.call('INCR', key)
if count == 1 then redis.call('EXPIRE', key, 120) end
return {session, actor, count}
`;

type AdmissionRedis = Redis & {
  admitRequest(
    sessionKey: string,
    head: string,
    tail: string,
    anonymousActorKey: string,
  ): Promise<[string | null, string, number]>;
};

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
  ) {
    if (!('admitRequest' in redis))
      redis.defineCommand('admitRequest', { numberOfKeys: 1, lua: ADMIT_REQUEST });
  }

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

  /**
   * The session of a token (or none) and, with a window, the command counted in its actor's
   * window: one round trip (a script) where a command used to take two, the GET and the count.
   * Without a token, Redis away lets the command through uncounted, as the window counter does.
   */
  async findAndCount(token: string | null, window: RateWindow): Promise<CountedSession> {
    const { head, tail } = rateKeyAround(window.prefix, window.minute);
    const call = () =>
      (this.redis as AdmissionRedis)
        .admitRequest(token ? this.key(token) : '', head, tail, window.anonymousActorKey)
        .then(([raw, actorKey, count]): CountedSession => ({
          session: raw === null ? null : (JSON.parse(raw) as Session),
          actorKey,
          count: Number(count),
        }));
    if (token) return this.reach(call);
    if (this.redis.status !== 'ready') return { session: null, actorKey: '', count: 0 };
    return call().catch(() => ({ session: null, actorKey: '', count: 0 }));
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
