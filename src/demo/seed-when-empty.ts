import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { generateHistory } from './history-generator';
import { HistoryWriter } from './history-writer';
import { DEMO_OPTIONS } from './seed-options';

export { DEMO_PASSWORD } from './history-writer';

/**
 * With SEED_DEMO=true and no accounts but the bootstrap admin, writes a small demo history
 * (users, contests, entries, votes, comments, views, refusals) through the real command path.
 */
@Injectable()
export class DemoSeed {
  private readonly logger = new Logger('demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly writer: HistoryWriter,
  ) {}

  async seedIfEmpty(): Promise<void> {
    if (!this.config.seedDemo) return;
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE NOT ('admin' = ANY (roles))`,
    );
    if (n > 0) return;
    const report = await this.writer.write(generateHistory(DEMO_OPTIONS, new Date()));
    this.logger.log(
      `seeded a demo history: ${report.commands} commands, ${report.accepted} accepted, in ${report.durationMs} ms`,
    );
  }
}
