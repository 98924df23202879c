import { Controller, Get, Header, Headers, Param, Query, Res } from '@nestjs/common';
import {
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { PageLimit } from '../runtime/page.query.dto';
import { IsOptional } from 'class-validator';
import { QueryInteger } from '../../platform/http/edge-validators';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { orNotFound } from '../runtime/view-read';
import { ViewReadQuery } from '../runtime/view-read.query.dto';
import { StandingsReader } from './standings.reader';
import { StandingsPage } from './standings.reply.dto';
import { matchesEtag, StandingsPages } from './standings-pages';

class StandingsQuery extends ViewReadQuery {
  @PageLimit(50)
  limit?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    default: 0,
    minimum: 0,
    maximum: 1_000_000,
    description: 'The ranks after this one: 0 starts at the leader',
  })
  @IsOptional()
  @QueryInteger(0, 1_000_000)
  offset?: number;
}

/** The page's ETag, on a 200 and on a 304 alike. */
const ETAG = {
  description: 'A strong validator of the page: send it back as If-None-Match',
  required: true,
  schema: { type: 'string', pattern: '^"[A-Za-z0-9_-]{27}"$' },
} as const;

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
  @ApiOperation({
    summary: "A contest's standings",
    description:
      'Live standings in rank order, final once the contest is closed, read from the standings ' +
      'view. Without minPosition a page is the one as of the position the view was read at ' +
      'most ~20 ms before (250 ms while the database is slow): each page is built once per ' +
      'move of the view and sent to every reader as it is. Send the ETag back as If-None-Match ' +
      'to get a 304 while the page is unchanged. An id the view does not hold is 404.',
  })
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'The ETag of a page read before (a list, weak forms and * are understood)',
    schema: { type: 'string' },
  })
  @ApiOkResponse({
    type: StandingsPage,
    description: 'The page of standings',
    headers: { ETag: ETAG },
  })
  @ApiResponse({
    status: 304,
    description: 'If-None-Match names the current ETag: the page is unchanged, no body',
    headers: {
      ETag: ETAG,
      'X-Request-Id': { $ref: '#/components/headers/RequestId' },
      'X-Projection-Position': { $ref: '#/components/headers/ProjectionPosition' },
    },
  })
  @Refuses('NOT_FOUND')
  async standings(
    @Param('contestId', UuidParam) contestId: string,
    @Query() query: StandingsQuery,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    // Without minPosition where the view is now, read once per few ms for all requests.
    const at =
      query.minPosition === undefined
        ? await this.freshness.latest('standings')
        : await this.freshness.awaitPosition('standings', query.minPosition, query.waitMs);
    const page = orNotFound(
      await this.pages.at(`${contestId}|${limit}|${offset}`, at, () =>
        this.read(contestId, offset, limit, at.position),
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
  private async read(
    contestId: string,
    offset: number,
    limit: number,
    position: number,
  ): Promise<StandingsPage | null> {
    const board = await this.boards.board(contestId, offset, limit);
    if (!board) return null;
    const { ruleset, asOf, final, items } = board;
    return { contestId, ruleset, asOf, final, position, items };
  }
}
