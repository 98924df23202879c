import cors from '@fastify/cors';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { buildApiDocument } from './platform/http/contract/api-document';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { DemoSeed } from './demo/seed-when-empty';
import { CommandRateLimiter } from './command-log/rate-limit/command-rate-limiter';
import { AdminBootstrap } from './identity/admin-bootstrap';
import { installActorHook } from './identity/auth/actor-hook';
import { SessionStore } from './identity/sessions/session.store';
import { AppConfig } from './platform/config/app-config';
import { guardEveryPgConnection } from './platform/database/pool-guard';
import { createDataSource, runMigrations } from './platform/database/run-migrations';
import { COMMAND_ROUTES } from './command-log/command-routes';
import { MUTATING_METHODS } from './platform/http/request-context';
import { installRequestHooks, RouteRegistry } from './platform/http/request-hooks';
import { answerClientError } from './platform/http/client-error';
import { rewriteHostileUrl } from './platform/http/hostile-url';
import { mountQueueBoard } from './operations/queue-board/queue-board';
import { mountConsole } from './console/console-assets';
import { Logger } from '@nestjs/common';
import { AppLogger, createPino } from './platform/logging/app-logger';
import { installShutdownGate } from './platform/shutdown/graceful-shutdown';
import { installSecurityHeaders } from './platform/http/security-headers';
import { installCommandReplyHooks } from './command-log/http/command-reply-hooks';
import { IdempotencyStore } from './command-log/idempotency/idempotency.store';

export const MAX_BODY_BYTES = 64 * 1024;

export interface StartOptions {
  /** Where JSON log lines go (tests capture them); stdout by default. */
  readonly logDestination?: DestinationStream;
}

/** Builds the whole platform for a configuration: migrations first, then the Nest app. */
export async function createApp(
  config: AppConfig,
  options: StartOptions = {},
): Promise<NestFastifyApplication> {
  guardEveryPgConnection();
  const logger = new AppLogger(createPino(config.logLevel, options.logDestination));
  const migrator = await createDataSource(config.databaseUrl, 2).initialize();
  try {
    const applied = await runMigrations(migrator);
    if (applied.length) logger.log(`migrations applied: ${applied.join(', ')}`, 'database');
  } finally {
    await migrator.destroy();
  }

  const adapter = new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: false,
    // Hostile URLs and HTTP reach the error contract (problem+json, logged where possible).
    rewriteUrl: rewriteHostileUrl,
    clientErrorHandler: answerClientError,
    routerOptions: { maxParamLength: 16 * 1024 },
    // While closing, the shutdown gate answers 503 problem+json SHUTTING_DOWN, not Fastify.
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forConfig(config),
    adapter,
    {
      logger,
      abortOnError: false,
    },
  );
  const registry = installRequestHooks(app.getHttpAdapter().getInstance());
  // Every reply carries them, refusals at the edge too: first among the onRequest hooks.
  installSecurityHeaders(app.getHttpAdapter().getInstance(), {
    // Swagger UI at /docs needs its inline script and styles; everything else is JSON.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  installShutdownGate(app.getHttpAdapter().getInstance()); // before any hook that needs Redis
  if (config.role !== 'worker') {
    installActorHook(
      app.getHttpAdapter().getInstance(),
      app.get(SessionStore),
      app.get(CommandRateLimiter),
    );
  }
  installCommandReplyHooks(app.getHttpAdapter().getInstance(), app.get(IdempotencyStore));
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: [...config.corsOrigins],
      credentials: false,
      exposedHeaders: [
        'X-Command-Id',
        'X-Log-Position',
        'X-Projection-Position',
        'X-Request-Id',
        'Retry-After',
      ],
    });
  }
  // No enableShutdownHooks(): main.ts drains on SIGTERM/SIGINT and exits 0 (graceful-shutdown.ts).
  describeApi(app);
  if (config.role !== 'worker') {
    await mountQueueBoard(app);
    mountConsole(app.getHttpAdapter().getInstance(), new Logger('console'));
  }
  await app.init();
  assertEveryCommandRouteIsKnown(registry);
  if (config.role !== 'worker') {
    await app.get(AdminBootstrap).ensureAdmin();
    await app.get(DemoSeed).seedIfEmpty();
  }
  return app;
}

/**
 * Fail at boot, not at 3 a.m.: a mutating route missing from COMMAND_ROUTES would log its
 * refusals as UnknownCommand, so it stops the start instead.
 */
function assertEveryCommandRouteIsKnown(registry: RouteRegistry): void {
  const unknown = registry.routes
    .filter(
      (route) =>
        MUTATING_METHODS.has(route.method) && !/^\/(docs|__bench|admin\/queues)\b/.test(route.url),
    )
    .filter((route) => !COMMAND_ROUTES[`${route.method} ${route.url}`]);
  if (unknown.length > 0) {
    throw new Error(
      `command routes without a command type: ${unknown.map((r) => `${r.method} ${r.url}`).join(', ')}`,
    );
  }
}

function describeApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, buildApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
