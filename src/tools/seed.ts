import 'reflect-metadata';
import { createApp } from '../bootstrap';
import { generateHistory } from '../demo/history-generator';
import { HistoryWriter } from '../demo/history-writer';
import { parseSeedOptions } from '../demo/seed-options';
import { ConfigError, loadConfig } from '../platform/config/app-config';

/**
 * npm run seed -- --users 200 --contests 10 --votes 5000 ...: writes a reproducible history
 * through the real command path. Projections catch up when a worker runs (npm start).
 */
async function main(): Promise<void> {
  const options = parseSeedOptions(process.argv.slice(2));
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, APP_ROLE: 'api' });
  const app = await createApp(config);
  try {
    const actions = generateHistory(options, new Date());
    process.stdout.write(`seeding ${actions.length} commands (seed ${options.seed})\n`);
    const report = await app.get(HistoryWriter).write(actions, (done) => {
      process.stdout.write(`\r  ${done} / ${actions.length}`);
    });
    const perSecond = Math.round((report.commands / report.durationMs) * 1000);
    process.stdout.write(
      `\n${JSON.stringify({ ...report, commandsPerSecond: perSecond, options }, null, 2)}\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `seed failed: ${(error as Error)?.message ?? String(error)}`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
});
