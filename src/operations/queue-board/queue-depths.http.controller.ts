import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRoles } from '../../identity/auth/access.decorators';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { queueBackendOf } from '../../platform/queues/queue-backend';
import { QUEUE_BOARD_PATH } from './queue-board';
import { QueueDepths } from './queue-depths';
import { QueueDepthsReply } from './queue-depths.reply.dto';

/** The queues' figures as JSON, for the console: the board itself is a page of its own. */
@ApiTags('operations')
@Controller('admin')
export class QueueDepthsController {
  constructor(
    private readonly depths: QueueDepths,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('queue-depths')
  @Header('Cache-Control', 'no-store')
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Every job queue and how many jobs it holds, by state',
    description:
      'Doorbells of the projectors, rebuilds, replays and finalization: jobs waiting, active, ' +
      'delayed and failed. A queue whose backend does not answer is listed as unreachable.',
  })
  @ApiOkResponse({ type: QueueDepthsReply, description: 'The queues, in a fixed order' })
  async list(): Promise<QueueDepthsReply> {
    const depths = await this.depths.read();
    return {
      backend: queueBackendOf(this.config),
      board: QUEUE_BOARD_PATH,
      queues: depths.map(({ queue, counts }) => ({
        queue,
        reachable: counts !== null,
        waiting: counts?.waiting ?? null,
        active: counts?.active ?? null,
        delayed: counts?.delayed ?? null,
        failed: counts?.failed ?? null,
      })),
    };
  }
}
