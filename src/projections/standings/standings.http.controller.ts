import { Controller, Get, Header, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { PageLimit } from '../runtime/page.query.dto';
import { IsOptional } from 'class-validator';
import { QueryInteger } from '../../platform/http/edge-validators';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { orNotFound } from '../runtime/view-read';
import { ViewReadQuery } from '../runtime/view-read.query.dto';
import { StandingsReader } from './standings.reader';
import { matchesEtag, StandingsPages } from './standings-pages';

class StandingsQuery extends ViewReadQuery {
  @PageLimit(50)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: 1_000_000 })
  @IsOptional()
  @QueryInteger(0, 1_000_000)
  offset?: number;
}

/**
 * The hottest read of the platform: each page is serialized once per move of the standings
 * checkpoint and sent as it is (standings-pages.ts), with an ETag; If-None-Match gets a 304.
 */
@ApiTags('views')
@Controller('contests')
export class StandingsController {
  private readonly pages = new StandingsPages();

  constructor(
    private readonly boards: StandingsReader,
    private readonly freshness: ProjectionFreshness,
  ) {}

  @Get(':contestId/standings')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Live standings of a contest, final once it closed (view: standings)' })
  @ApiOkResponse({
    description:
      '{ contestId, ruleset, asOf, final, position, items: [{ rank, entryId, title, ..., score }] }',
  })
  async standings(
    @Param('contestId', UuidParam) contestId: string,
    @Query() query: StandingsQuery,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    // Without minPosition the view's latest position, read once per few ms for all requests.
    const position =
      query.minPosition === undefined
        ? await this.freshness.latest('standings')
        : (await this.freshness.awaitPosition('standings', query.minPosition, query.waitMs))
            .position;
    const page = orNotFound(
      await this.pages.at(`${contestId}|${limit}|${offset}`, position, () =>
        this.read(contestId, offset, limit, position),
      ),
      `No contest has the id ${contestId}.`,
    );
    reply.header('X-Projection-Position', String(page.position)).header('ETag', page.etag);
    if (matchesEtag(ifNoneMatch, page.etag)) {
      void reply.status(304).send();
      return;
    }
    void reply.status(200).type('application/json; charset=utf-8').send(page.body);
  }

  /** The page as the view holds it once it has applied `position` (or later). */
  private async read(contestId: string, offset: number, limit: number, position: number) {
    const board = await this.boards.board(contestId, offset, limit);
    if (!board) return null;
    const { ruleset, asOf, final, items } = board;
    return { contestId, ruleset, asOf, final, position, items };
  }
}
