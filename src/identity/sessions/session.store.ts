import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Role } from '@contest/domain';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import type { EdgeBackend } from '../../platform/redis/edge-backend';
import { EDGE_BACKEND } from '../../platform/redis/redis.module';
import { PostgresSessionStore } from './postgres-session.store';
import { RedisSessionStore } from './redis-session.store';
import { Session, SessionBackend } from './session';

export type { Session } from './session';

/**
 * Opaque bearer tokens, of which only the SHA-256 is ever stored. Kept in Redis when
 * REDIS_URL is set (RedisSessionStore, as before), in Postgres when it is unset
 * (PostgresSessionStore: a logout or role grant reaches every process within
 * SESSION_CACHE_MS). The backend is chosen once, at start; callers see one API. Sessions are
 * not command-sourced (docs/DESIGN.md): losing them logs everyone out and loses nothing else. When
 * the backend cannot be reached, every operation fails with SESSION_STORE_UNAVAILABLE (503).
 */
@Injectable()
export class SessionStore implements SessionBackend, OnModuleInit, OnApplicationShutdown {
  private readonly backend: SessionBackend;

  constructor(@Inject(EDGE_BACKEND) edge: EdgeBackend, @Inject(APP_CONFIG) config: AppConfig) {
    this.backend = sessionBackendFor(edge, config);
  }

  onModuleInit(): void {
    if (this.backend instanceof PostgresSessionStore) this.backend.start();
  }

  onApplicationShutdown(): void {
    this.backend.stop?.();
  }

  /** 'redis' or 'postgres': which backend this process chose at start. */
  get kind(): EdgeBackend['kind'] {
    return this.backend instanceof PostgresSessionStore ? 'postgres' : 'redis';
  }

  open(session: Session, now: Date): Promise<{ token: string; expiresAt: string }> {
    return this.backend.open(session, now);
  }

  updateRoles(userId: string, roles: readonly Role[]): Promise<void> {
    return this.backend.updateRoles(userId, roles);
  }

  find(token: string): Promise<Session | null> {
    return this.backend.find(token);
  }

  /**
   * With Redis, the session lookup and a command's count in its window in one round trip
   * (RedisSessionStore.findAndCount); null with Postgres, whose sessions are cached in process.
   */
  get findAndCount(): RedisSessionStore['findAndCount'] | null {
    return this.backend instanceof RedisSessionStore
      ? this.backend.findAndCount.bind(this.backend)
      : null;
  }

  close(token: string, userId?: string): Promise<void> {
    return this.backend.close(token, userId);
  }
}

export function sessionBackendFor(
  edge: EdgeBackend,
  config: Pick<AppConfig, 'queuePrefix' | 'sessionTtlSeconds'>,
): SessionBackend {
  return edge.kind === 'redis'
    ? new RedisSessionStore(edge.redis, config)
    : new PostgresSessionStore(edge.pool, config);
}
