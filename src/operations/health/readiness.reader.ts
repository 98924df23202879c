import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { projectionLags } from '../../projections/runtime/projection-lag';
import type { EdgeBackend } from '../../platform/redis/edge-backend';
import { EDGE_BACKEND } from '../../platform/redis/redis.module';

/** Above this many unapplied rows a projection makes the instance not ready. */
const MAX_READY_LAG = 10_000;

/** One dependency's state, terminus-style: `up` or `down` and what was seen. */
export type Check = { status: 'up' | 'down'; [detail: string]: unknown };

/** Asks each dependency readiness rests on whether it answers; never throws. */
@Injectable()
export class ReadinessReader {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EDGE_BACKEND) private readonly edge: EdgeBackend,
  ) {}

  /** Postgres, the session store and the projections' lag, keyed as /health/ready shows them. */
  async checks(): Promise<Record<string, Check>> {
    return {
      postgres: await check(async () => {
        await this.dataSource.query('SELECT 1');
        return {};
      }),
      ...(await this.edgeCheck()),
      projections: await check(() => this.projectionLag()),
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
        redis: await check(async () => {
          await withTimeout(edge.redis.ping(), 1000);
          return {};
        }),
      };
    }
    return {
      sessions: await check(async () => {
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
}

async function check(probe: () => Promise<Record<string, unknown>>): Promise<Check> {
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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms}ms`)), ms).unref(),
    ),
  ]);
}
