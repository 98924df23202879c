import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.http.controller';

@Module({
  imports: [
    BullModule.registerQueue(
      { name: 'projections' },
      { name: 'replays' },
      { name: 'contest-finalization' },
    ),
  ],
  controllers: [MetricsController],
})
export class MetricsModule {}
