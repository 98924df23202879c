import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRoles } from '../../identity/auth/access.decorators';
import { decodeCursor } from '../../projections/runtime/page.query.dto';
import { pageWithCursor } from '../../projections/runtime/view-read';
import { ReplayHistoryQuery } from './replay-history.query.dto';
import { ReplayHistoryReader } from './replay-history.reader';
import { ReplayPage } from './replay-history.reply.dto';

@ApiTags('replays')
@Controller('admin/replays')
export class ReplayHistoryController {
  constructor(private readonly history: ReplayHistoryReader) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Past replays, newest first',
    description:
      "Every replay requested, or one contest's, or those in one status, in cursor pages: " +
      'what was asked, how far it got, whether the winner changed and how many commands ' +
      'flipped. GET /admin/replays/{replayId} opens one with its result.',
  })
  @ApiOkResponse({ type: ReplayPage, description: 'A page of replays' })
  async list(@Query() query: ReplayHistoryQuery): Promise<ReplayPage> {
    const page = await this.history.page({
      contestId: query.contestId,
      status: query.status,
      after: decodeCursor(query.cursor, ['time', 'uuid']),
      limit: query.limit ?? 20,
    });
    return pageWithCursor(page);
  }
}
