import { CanActivate, ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { REDIS_CLIENT } from '../../platform/redis/redis.module';
import { isCommandRequest, requestContext } from '../http/request-context';
import { RefusalCounter } from './refusal-counter';

/** A flood-control refusal: answered 429, counted, never logged as a command. */
export class RateLimited extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 429);
  }
}

/**
 * Fixed one-minute windows per actor (or per address when signed out), counted in Redis. Runs
 * after the access guard, so the actor is known. Redis holding no truth applies here too:
 * losing the counters only restarts the windows.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly refusals: RefusalCounter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.config.rateLimitPerMinute;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (limit === 0 || !isCommandRequest(request)) return true;
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
    if (count <= limit) return true;
    this.refusals.count(actorKey, new Date(minute * 60_000));
    throw new RateLimited(60 - Math.floor((ctx.receivedAt.getTime() / 1000) % 60));
  }
}
