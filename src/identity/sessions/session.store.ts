import { Inject, Injectable } from '@nestjs/common';
import { Role } from '@contest/domain';
import { createHash, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { REDIS_CLIENT } from '../../platform/redis/redis.module';

export interface Session {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly Role[];
}

/**
 * Opaque bearer tokens. Redis keeps only the token's SHA-256 with a TTL, so a dump of Redis
 * holds no usable token. Sessions are not command-sourced (DESIGN.md): flushing Redis logs
 * everyone out and loses nothing else.
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
    await this.redis.set(this.key(token), JSON.stringify(session), 'EX', ttl);
    return { token, expiresAt: new Date(now.getTime() + ttl * 1000).toISOString() };
  }

  async find(token: string): Promise<Session | null> {
    const raw = await this.redis.get(this.key(token));
    return raw === null ? null : (JSON.parse(raw) as Session);
  }

  async close(token: string): Promise<void> {
    await this.redis.del(this.key(token));
  }

  private key(token: string): string {
    const digest = createHash('sha256').update(token).digest('base64url');
    return `${this.config.queuePrefix}:session:${digest}`;
  }
}
