import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, redisUrlOf } from '../config/app-config';
import { AppQueue, AppWorker, queueConnection } from './queue-connection';

// Every registered queue and every @Processor's worker are the app's own classes: errors
// logged as JSON lines, producers failing fast while Redis is down, workers started only
// after bootstrap.
BullModule.queueClass = AppQueue;
BullModule.workerClass = AppWorker;

/** BullMQ's connection and key prefix (a test run gets its own prefix). */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: queueConnection(redisUrlOf(config, 'the job queues')),
        prefix: config.queuePrefix,
      }),
    }),
  ],
})
export class QueuesModule {}
