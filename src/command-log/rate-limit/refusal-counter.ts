import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Adds up 429 refusals per actor and minute in memory and writes them once a second, one
 * upsert for all: a flood costs a counter, not a row per request.
 */
@Injectable()
export class RefusalCounter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('rate-limit');
  private pending = new Map<string, { actorKey: string; minute: Date; refused: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  count(actorKey: string, minute: Date): void {
    const key = `${actorKey}|${minute.getTime()}`;
    const entry = this.pending.get(key) ?? { actorKey, minute, refused: 0 };
    entry.refused += 1;
    this.pending.set(key, entry);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    await this.dataSource
      .query(
        `INSERT INTO rate_limit_refusals (actor_key, minute, refused)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[])
         ON CONFLICT (actor_key, minute) DO UPDATE SET refused = rate_limit_refusals.refused + EXCLUDED.refused`,
        [batch.map((b) => b.actorKey), batch.map((b) => b.minute), batch.map((b) => b.refused)],
      )
      .catch((error: unknown) => this.logger.warn(`refusal counts not written: ${String(error)}`));
  }
}
