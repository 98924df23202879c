import { Controller, Get, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { projectionLags } from '../../projections/runtime/projection-lag';
import type { EdgeBackend } from '../../platform/redis/edge-backend';
import { EDGE_BACKEND } from '../../platform/redis/redis.module';

/** Above this many unapplied rows a projection makes the instance not ready. */
const MAX_READY_LAG = 10_000;

type Check = { status: 'up' | 'down'; [detail: string]: unknown };

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EDGE_BACKEND) private readonly edge: EdgeBackend,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  @ApiOkResponse({ description: '{ status: "ok" }' })
  live() {
    return {
      status: 'ok',
      info: { process: { status: 'up', uptimeSeconds: Math.round(process.uptime()) } },
    };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Postgres, the session store (Redis, or Postgres with REDIS_URL unset) and projector lag, terminus-style',
  })
  @ApiOkResponse({ description: '{ status: "ok", info, error, details }' })
  @ApiServiceUnavailableResponse({ description: 'a dependency is down or a projection lags' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const details: Record<string, Check> = {
      postgres: await this.check(async () => {
        await this.dataSource.query('SELECT 1');
        return {};
      }),
      ...(await this.edgeCheck()),
      projections: await this.check(() => this.projectionLag()),
    };
    const down = Object.entries(details).filter(([, check]) => check.status === 'down');
    if (down.length > 0) reply.status(503);
    return {
      status: down.length ? 'error' : 'ok',
      info: Object.fromEntries(Object.entries(details).filter(([, c]) => c.status === 'up')),
      error: Object.fromEntries(down),
      details,
    };
  }

  /**
   * What sessions and rate limits need: Redis when REDIS_URL is set (as before, key `redis`);
   * without it, the Postgres edge pool they use (key `sessions`). No Redis configured is not
   * Redis down.
   */
  private async edgeCheck(): Promise<Record<string, Check>> {
    const edge = this.edge;
    if (edge.kind === 'redis') {
      return {
        redis: await this.check(async () => {
          await withTimeout(edge.redis.ping(), 1000);
          return {};
        }),
      };
    }
    return {
      sessions: await this.check(async () => {
        await withTimeout(edge.pool.query('SELECT 1'), 1000);
        return { backend: 'postgres' };
      }),
    };
  }

  private async projectionLag(): Promise<Record<string, unknown>> {
    const rows = await projectionLags(this.dataSource, MAX_READY_LAG + 1);
    const lags = Object.fromEntries(
      rows.map((r) => [r.projection, { status: r.status, lag: r.lag }]),
    );
    const failing = rows.filter((r) => r.status === 'halted' || r.lag > MAX_READY_LAG);
    if (failing.length > 0)
      throw Object.assign(new Error('projections lag or are halted'), { details: lags });
    return { projections: lags };
  }

  private async check(probe: () => Promise<Record<string, unknown>>): Promise<Check> {
    try {
      return { status: 'up', ...(await probe()) };
    } catch (error) {
      const details = (error as { details?: unknown }).details;
      return {
        status: 'down',
        message: error instanceof Error ? error.message : String(error),
        ...(details ? { details } : {}),
      };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms}ms`)), ms).unref(),
    ),
  ]);
}
