import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { PageLimit } from '../runtime/page.query.dto';
import { IsOptional } from 'class-validator';
import { QueryInteger } from '../../platform/http/edge-validators';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { ViewCache } from '../runtime/view-cache';
import { orNotFound } from '../runtime/view-read';
import { ViewReadQuery } from '../runtime/view-read.query.dto';
import { StandingsReader } from './standings.reader';

class StandingsQuery extends ViewReadQuery {
  @PageLimit(50)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: 1_000_000 })
  @IsOptional()
  @QueryInteger(0, 1_000_000)
  offset?: number;
}

/** The hottest read of the platform: served from a 100 ms micro-cache when no minPosition is asked. */
const CACHE_MS = 100;

@ApiTags('views')
@Controller('contests')
export class StandingsController {
  private readonly cache = new ViewCache(CACHE_MS);

  constructor(
    private readonly boards: StandingsReader,
    private readonly freshness: ProjectionFreshness,
  ) {}

  @Get(':contestId/standings')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Live standings of a contest, final once it closed (view: standings)' })
  @ApiOkResponse({
    description:
      '{ contestId, ruleset, asOf, final, position, items: [{ rank, entryId, title, ..., score }] }',
  })
  async standings(
    @Param('contestId', UuidParam) contestId: string,
    @Query() query: StandingsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = `${contestId}|${query.limit ?? 50}|${query.offset ?? 0}`;
    const cached = query.minPosition === undefined ? this.cache.get(key) : null;
    if (cached) {
      reply.header('X-Projection-Position', String(cached.position));
      reply.type('application/json; charset=utf-8');
      return cached.json;
    }
    const body = await this.read(contestId, query);
    const json = JSON.stringify(body);
    this.cache.set(key, json, body.position);
    reply.header('X-Projection-Position', String(body.position));
    reply.type('application/json; charset=utf-8');
    return json;
  }

  private async read(contestId: string, query: StandingsQuery) {
    const { position } = await this.freshness.awaitPosition(
      'standings',
      query.minPosition,
      query.waitMs,
    );
    const board = orNotFound(
      await this.boards.board(contestId, query.offset ?? 0, query.limit ?? 50),
      `No contest has the id ${contestId}.`,
    );
    return {
      contestId,
      ruleset: board.ruleset,
      asOf: board.asOf,
      final: board.final,
      position,
      items: board.items,
    };
  }
}
