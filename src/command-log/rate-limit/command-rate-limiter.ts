import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import type { EdgeBackend } from '../../platform/redis/edge-backend';
import { EDGE_BACKEND } from '../../platform/redis/redis.module';
import { RateLimited } from '../http/command-refusal';
import { isCommandRequest, requestContext } from '../../platform/http/request-context';
import { RefusalCounter } from './refusal-counter';
import { PostgresWindowCounter, RedisWindowCounter, WindowCounter } from './window-counter';

/**
 * Fixed one-minute windows per actor (or per address when signed out), counted in Redis when
 * REDIS_URL is set and in Postgres when it is unset (window-counter.ts), chosen once at start.
 * Called from an onRequest hook, before routing to a handler and before the body is parsed, so
 * that floods of unknown routes and malformed bodies are held back like any other command.
 * The counters hold no truth: losing them only restarts the windows.
 */
@Injectable()
export class CommandRateLimiter implements OnApplicationShutdown {
  private readonly counter: WindowCounter;

  constructor(
    @Inject(EDGE_BACKEND) edge: EdgeBackend,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly refusals: RefusalCounter,
  ) {
    this.counter =
      edge.kind === 'redis'
        ? new RedisWindowCounter(edge.redis, config.queuePrefix)
        : new PostgresWindowCounter(edge.pool);
  }

  onApplicationShutdown(): void {
    this.counter.stop?.();
  }

  /** Throws RateLimited when the request's actor has used up this minute's commands. */
  async admit(request: FastifyRequest): Promise<void> {
    const window = this.windowOf(request);
    if (!window) return;
    const ctx = requestContext(request);
    const actorKey = ctx.actor ? `user:${ctx.actor.userId}` : window.anonymousActorKey;
    this.settle(request, actorKey, await this.counter.count(actorKey, window.minute, window.limit));
  }

  /** The window a request is counted in, or null when it is not counted (reads, no limit). */
  windowOf(request: FastifyRequest): RateWindow | null {
    const limit = this.config.rateLimitPerMinute;
    if (limit === 0 || !isCommandRequest(request)) return null;
    const ctx = requestContext(request);
    return {
      limit,
      minute: Math.floor(ctx.receivedAt.getTime() / 60_000),
      anonymousActorKey: `address:${ctx.clientAddress ?? 'unknown'}`,
      prefix: this.config.queuePrefix,
    };
  }

  /** Given what the actor's window holds with this request, throws RateLimited past the limit. */
  settle(request: FastifyRequest, actorKey: string, count: number): void {
    const limit = this.config.rateLimitPerMinute;
    if (count <= limit) return;
    const receivedAt = requestContext(request).receivedAt;
    const minute = Math.floor(receivedAt.getTime() / 60_000);
    this.refusals.count(actorKey, new Date(minute * 60_000));
    throw new RateLimited(60 - Math.floor((receivedAt.getTime() / 1000) % 60));
  }
}

/** A request's one-minute window: its actor is the user, else `anonymousActorKey`. */
export interface RateWindow {
  readonly limit: number;
  readonly minute: number;
  readonly anonymousActorKey: string;
  /** The key prefix of the Redis windows (rateKey). */
  readonly prefix: string;
}
