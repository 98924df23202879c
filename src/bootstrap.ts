import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { AdminBootstrap } from './identity/admin-bootstrap';
import { AppConfig } from './platform/config/app-config';
import { createDataSource, runMigrations } from './platform/database/run-migrations';
import { installRequestHooks } from './platform/http/request-hooks';
import { AppLogger, createPino } from './platform/logging/app-logger';

export const MAX_BODY_BYTES = 64 * 1024;

export interface StartOptions {
  /** Where JSON log lines go (tests capture them); stdout by default. */
  readonly logDestination?: DestinationStream;
}

/** Builds the whole platform for a configuration: migrations first, then the Nest app. */
export async function createApp(config: AppConfig, options: StartOptions = {}): Promise<NestFastifyApplication> {
  const logger = new AppLogger(createPino(config.logLevel, options.logDestination));
  const migrator = await createDataSource(config.databaseUrl, 2).initialize();
  try {
    const applied = await runMigrations(migrator);
    if (applied.length) logger.log(`migrations applied: ${applied.join(', ')}`, 'database');
  } finally {
    await migrator.destroy();
  }

  const adapter = new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES, trustProxy: false });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config), adapter, {
    logger,
    abortOnError: false,
  });
  installRequestHooks(app.getHttpAdapter().getInstance());
  app.enableShutdownHooks();
  describeApi(app);
  await app.init();
  if (config.role !== 'worker') await app.get(AdminBootstrap).ensureAdmin();
  return app;
}

function describeApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Contest platform')
      .setDescription(
        'Video contests, command-sourced. Every mutating request is a command: replies carry ' +
          'X-Command-Id and X-Log-Position; errors are application/problem+json with a stable code.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
