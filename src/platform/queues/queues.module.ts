import { BullModule } from '@nestjs/bullmq';
import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import {
  applyQueueSchema,
  postgresQueueConnection,
  QUEUE_SCHEMA,
  queueBackendOf,
} from './queue-backend';
import { AppQueue, AppWorker, queueConnection } from './queue-connection';

// Every registered queue and every @Processor's worker are the app's own classes: errors
// logged as JSON lines, producers failing fast while Redis is down, workers started only
// after bootstrap, and the backend chosen by the connection options given here.
BullModule.queueClass = AppQueue;
BullModule.workerClass = AppWorker;

/**
 * BullMQ's backend, chosen once at start: Redis at REDIS_URL with the key prefix (a test run
 * gets its own prefix), or, with REDIS_URL unset, BullMQ's PostgreSQL backend in the app's
 * database, whose schema is brought up to date here before any queue is built.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const logger = new Logger('queues');
        if (queueBackendOf(config) === 'redis') {
          logger.log('job queues on Redis');
          return {
            connection: queueConnection(config.redisUrl as string),
            prefix: config.queuePrefix,
          };
        }
        const version = await applyQueueSchema(config.databaseUrl);
        logger.log(
          `job queues on PostgreSQL (REDIS_URL unset): schema ${QUEUE_SCHEMA}, version ${version}`,
        );
        return { connection: postgresQueueConnection(config.databaseUrl) };
      },
    }),
  ],
})
export class QueuesModule {}
