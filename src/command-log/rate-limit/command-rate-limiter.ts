import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { REDIS_CLIENT } from '../../platform/redis/redis.module';
import { RateLimited } from '../http/command-refusal';
import { isCommandRequest, requestContext } from '../http/request-context';
import { RefusalCounter } from './refusal-counter';

/**
 * Fixed one-minute windows per actor (or per address when signed out), counted in Redis.
 * Called from an onRequest hook, before routing to a handler and before the body is parsed, so
 * that floods of unknown routes and malformed bodies are held back like any other command.
 * Redis holding no truth applies here too: losing the counters only restarts the windows.
 */
@Injectable()
export class CommandRateLimiter {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly refusals: RefusalCounter,
  ) {}

  /** Throws RateLimited when the request's actor has used up this minute's commands. */
  async admit(request: FastifyRequest): Promise<void> {
    const limit = this.config.rateLimitPerMinute;
    if (limit === 0 || !isCommandRequest(request)) return;
    // Redis away: let commands through at once rather than refuse everyone or make them wait.
    if (this.redis.status !== 'ready') return;
    const ctx = requestContext(request);
    const actorKey = ctx.actor
      ? `user:${ctx.actor.userId}`
      : `address:${ctx.clientAddress ?? 'unknown'}`;
    const minute = Math.floor(ctx.receivedAt.getTime() / 60_000);
    const key = `${this.config.queuePrefix}:rate:${actorKey}:${minute}`;
    const count = await this.redis
      .multi()
      .incr(key)
      .expire(key, 120)
      .exec()
      .then((results) => Number(results?.[0]?.[1] ?? 0))
      .catch(() => 0); // Redis down: let commands through rather than refuse everyone
    if (count <= limit) return;
    this.refusals.count(actorKey, new Date(minute * 60_000));
    throw new RateLimited(60 - Math.floor((ctx.receivedAt.getTime() / 1000) % 60));
  }
}
