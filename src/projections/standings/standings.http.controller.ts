import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { PageLimit } from '../runtime/page.query.dto';
import { IsOptional } from 'class-validator';
import { QueryInteger } from '../../platform/http/edge-validators';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { CommandRefusal } from '../../platform/http/refusal';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { ProjectionFreshness } from '../runtime/projection-freshness';
import { ViewCache } from '../runtime/view-cache';
import { ViewReadQuery } from '../runtime/view-read.query.dto';

class StandingsQuery extends ViewReadQuery {
  @PageLimit(50)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: 1_000_000 })
  @IsOptional()
  @QueryInteger(0, 1_000_000)
  offset?: number;
}

interface StandingRow {
  rank: number;
  entry_id: string;
  title: string;
  author_id: string;
  author_name: string;
  score: number;
  upvotes: number;
  downvotes: number;
  comments: number;
  views: number;
  watch_seconds: number;
}

/** The hottest read of the platform: served from a 100 ms micro-cache when no minPosition is asked. */
const CACHE_MS = 100;

@ApiTags('views')
@Controller('contests')
export class StandingsController {
  private readonly cache = new ViewCache(CACHE_MS);

  constructor(
    private readonly dataSource: DataSource,
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
    const [contest]: { ruleset: unknown; as_of: Date | null; final: boolean }[] =
      await this.dataSource.query(
        `SELECT ruleset, as_of, final FROM view_standings_contests WHERE contest_id = $1`,
        [contestId],
      );
    if (!contest) throw new CommandRefusal('NOT_FOUND', `No contest has the id ${contestId}.`);
    const offset = query.offset ?? 0;
    const rows: StandingRow[] = await this.dataSource.query(
      `SELECT rank, entry_id, title, author_id, author_name, score, upvotes, downvotes, comments, views, watch_seconds
       FROM view_standings WHERE contest_id = $1 AND rank > $2 ORDER BY rank LIMIT $3`,
      [contestId, offset, query.limit ?? 50],
    );
    return {
      contestId,
      ruleset: contest.ruleset,
      asOf: contest.as_of?.toISOString() ?? null,
      final: contest.final,
      position,
      items: rows.map((row) => ({
        rank: row.rank,
        entryId: row.entry_id,
        title: row.title,
        authorId: row.author_id,
        authorName: row.author_name,
        score: row.score,
        upvotes: row.upvotes,
        downvotes: row.downvotes,
        comments: row.comments,
        views: row.views,
        watchSeconds: row.watch_seconds,
      })),
    };
  }
}
