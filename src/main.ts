import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './platform/config/app-config';
import {
  EmbeddedPostgres,
  EmbeddedPostgresError,
  startEmbeddedPostgres,
} from './platform/database/embedded-postgres';
import { createPino } from './platform/logging/app-logger';
import { exitGracefullyOnSignals } from './platform/shutdown/graceful-shutdown';

async function main(): Promise<void> {
  // Without DATABASE_URL the platform runs its own PostgreSQL (data in .data/postgres, or
  // EMBEDDED_POSTGRES_DIR), so a machine with only Node can run it.
  const embedded = process.env.DATABASE_URL ? null : await startEmbedded();
  const env = embedded ? { ...process.env, DATABASE_URL: embedded.url } : process.env;
  const config = loadConfig(env);
  const app = await createApp(config);
  process.on('unhandledRejection', (reason) => {
    // Every promise is meant to be handled; one that is not is a bug worth a loud line.
    console.error(
      JSON.stringify({ level: 'error', msg: 'unhandled rejection', reason: String(reason) }),
    );
  });
  // SIGTERM/SIGINT: drain requests and jobs, then exit 0 within SHUTDOWN_TIMEOUT_MS. The
  // embedded server stops after the app has closed (or on a forced exit), never before.
  exitGracefullyOnSignals(app, {
    timeoutMs: config.shutdownTimeoutMs,
    exit: (code) => {
      if (!embedded) process.exit(code);
      else void embedded.stop().finally(() => process.exit(code));
    },
  });
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

/** Starts the embedded server, logging as JSON lines like the app (before its config exists). */
function startEmbedded(): Promise<EmbeddedPostgres> {
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  const level = levels.includes(process.env.LOG_LEVEL ?? '') ? process.env.LOG_LEVEL! : 'info';
  const logger = createPino(level, pino.destination({ dest: 1, sync: true })).child({
    context: 'embedded-postgres',
  });
  return startEmbeddedPostgres({
    dataDir: process.env.EMBEDDED_POSTGRES_DIR || join(repositoryRoot(), '.data', 'postgres'),
    database: 'contest',
    // One `all` process holds the app's pool, the sessions' pool and a pool per job queue on
    // the Postgres backends (about 70 at peak): PostgreSQL's default of 100 leaves too little.
    settings: { max_connections: '200' },
    log: (lineLevel, message) => logger[lineLevel](message),
  });
}

/** The directory of package.json above this file: src/ under ts-node, dist/src/ when built. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

main().catch((error: unknown) => {
  // A bad configuration is one readable line, not a stack trace.
  console.error(
    error instanceof ConfigError || error instanceof EmbeddedPostgresError
      ? error.message
      : `start failed: ${(error as Error)?.stack ?? String(error)}`,
  );
  process.exit(1);
});
