import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ALL_QUEUES } from '../queues/queue-names';
import { MetricsController } from './metrics.http.controller';

@Module({
  imports: [BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })))],
  controllers: [MetricsController],
})
export class MetricsModule {}
