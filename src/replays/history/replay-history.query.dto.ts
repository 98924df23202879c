import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageCursor, PageLimit } from '../../projections/runtime/page.query.dto';
import { REPLAY_STATUSES, type ReplayStatus } from '../replay-store';

/** GET /admin/replays: every replay, or one contest's, or those in one status; in pages. */
export class ReplayHistoryQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this contest's replays" })
  @IsOptional()
  @IsUUID('all', { message: 'contestId must be a UUID' })
  contestId?: string;

  @ApiPropertyOptional({ enum: REPLAY_STATUSES, description: 'Only replays in this status' })
  @IsOptional()
  @IsIn(REPLAY_STATUSES, { message: 'status must be queued, running, done or failed' })
  status?: ReplayStatus;

  @PageLimit(20)
  limit?: number;

  @PageCursor()
  cursor?: string;
}
