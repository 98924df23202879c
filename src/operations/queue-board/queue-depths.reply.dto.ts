import { ApiProperty } from '@nestjs/swagger';
import { ALL_QUEUES } from '../../platform/queues/queue-names';

const JOBS = (what: string) =>
  ({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    nullable: true,
    description: `Jobs ${what}; null when the queue's backend did not answer`,
  }) as const;

/** One queue's jobs by state. */
export class QueueDepthReply {
  @ApiProperty({ enum: ALL_QUEUES })
  queue!: string;

  @ApiProperty({ description: 'Whether its backend answered' })
  reachable!: boolean;

  @ApiProperty(JOBS('waiting for a worker'))
  waiting!: number | null;

  @ApiProperty(JOBS('a worker is running'))
  active!: number | null;

  @ApiProperty(JOBS('held back until their time (retries, scheduled sweeps)'))
  delayed!: number | null;

  @ApiProperty(JOBS('that failed every attempt and are kept for inspection'))
  failed!: number | null;
}

/** Every queue of the platform, where they live, and where the queue board is. */
export class QueueDepthsReply {
  @ApiProperty({
    enum: ['redis', 'postgres'],
    description: "BullMQ's backend: Redis at REDIS_URL, or PostgreSQL when REDIS_URL is unset",
  })
  backend!: 'redis' | 'postgres';

  @ApiProperty({
    example: '/admin/queues',
    description: 'The read-only queue board (Bull Board), for admins with a bearer token',
  })
  board!: string;

  @ApiProperty({ type: [QueueDepthReply] })
  queues!: QueueDepthReply[];
}
