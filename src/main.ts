import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './platform/config/app-config';
import { exitGracefullyOnSignals } from './platform/shutdown/graceful-shutdown';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  process.on('unhandledRejection', (reason) => {
    // Every promise is meant to be handled; one that is not is a bug worth a loud line.
    console.error(
      JSON.stringify({ level: 'error', msg: 'unhandled rejection', reason: String(reason) }),
    );
  });
  // SIGTERM/SIGINT: drain requests and jobs, then exit 0 within SHUTDOWN_TIMEOUT_MS.
  exitGracefullyOnSignals(app, { timeoutMs: config.shutdownTimeoutMs });
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

main().catch((error: unknown) => {
  // A bad configuration is one readable line, not a stack trace.
  console.error(
    error instanceof ConfigError
      ? error.message
      : `start failed: ${(error as Error)?.stack ?? String(error)}`,
  );
  process.exit(1);
});
