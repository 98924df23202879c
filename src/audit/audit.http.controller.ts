import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { RequireRoles } from '../identity/auth/access.decorators';
import { decodeCursor, encodeCursor } from '../projections/runtime/page.query.dto';
import { AuditCommandsQuery } from './audit-commands.query.dto';
import { AuditItem, AuditLogReader } from './audit-log.reader';
import { RejectionSummaryReader } from './rejection-summary.reader';

/** receivedAt ≥ from and < to; both optional. */
class TimeRangeQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 time' })
  from?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 time' })
  to?: string;
}

class SummaryQuery extends TimeRangeQuery {
  @ApiPropertyOptional({ enum: ['hour', 'day'], default: 'hour' })
  @IsOptional()
  @IsIn(['hour', 'day'], { message: 'bucket must be hour or day' })
  bucket?: 'hour' | 'day';
  @ApiPropertyOptional({ enum: ['type', 'code', 'type,code'], default: 'type,code' })
  @IsOptional()
  @IsIn(['type', 'code', 'type,code', 'code,type'], {
    message: 'groupBy must be type, code or type,code',
  })
  groupBy?: string;
}

class FailedLoginsQuery extends TimeRangeQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  minFailures?: number;
}

const STREAM_PAGE = 1000;
const CSV_COLUMNS: (keyof AuditItem)[] = [
  'position',
  'commandId',
  'type',
  'actorId',
  'status',
  'code',
  'detail',
  'receivedAt',
  'payload',
  'metadata',
];

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly reader: AuditLogReader,
    private readonly summaries: RejectionSummaryReader,
    private readonly dataSource: DataSource,
  ) {}

  @Get('commands')
  @RequireRoles('analyst', 'admin')
  @ApiOperation({
    summary:
      'Commands from the log, accepted and rejected, filtered; csv/ndjson stream every match',
  })
  @ApiOkResponse({
    description:
      '{ items: [{ commandId, position, type, actorId, status, code, detail, receivedAt, payload, metadata }], nextCursor }',
  })
  async commands(
    @Query() query: AuditCommandsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const after = decodeCursor(query.cursor, 2);
    const cursor = after ? { txId: String(after[0]), position: Number(after[1]) } : null;
    if (query.format === 'csv' || query.format === 'ndjson')
      return this.stream(query, cursor, query.format, reply);
    const limit = query.limit ?? 20;
    const { items, last } = await this.reader.page(query, cursor, limit);
    return {
      items,
      nextCursor: items.length === limit && last ? encodeCursor([last.txId, last.position]) : null,
    };
  }

  /** Page by page onto the socket, waiting for it to drain: memory stays flat for any size. */
  private async stream(
    query: AuditCommandsQuery,
    from: { txId: string; position: number } | null,
    format: 'csv' | 'ndjson',
    reply: FastifyReply,
  ) {
    const raw = reply.raw;
    reply.hijack();
    raw.writeHead(200, {
      'content-type':
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="commands.${format}"`,
      'cache-control': 'no-store',
    });
    if (format === 'csv') raw.write(`${CSV_COLUMNS.join(',')}\n`);
    let cursor = from;
    for (;;) {
      const { items, last } = await this.reader.page(query, cursor, STREAM_PAGE);
      const chunk = items
        .map((item) => (format === 'csv' ? csvLine(item) : JSON.stringify(item)))
        .join('\n');
      if (chunk && !raw.write(`${chunk}\n`)) await once(raw, 'drain');
      if (items.length < STREAM_PAGE || !last) break;
      cursor = last;
    }
    raw.end();
  }

  @Get('rejections/summary')
  @RequireRoles('analyst', 'admin')
  @ApiOperation({ summary: 'Rejected commands counted per hour or day, by type and/or code' })
  @ApiOkResponse({ description: '{ buckets: [{ start, type, code, count }] }' })
  async summary(@Query() query: SummaryQuery) {
    const groups = (query.groupBy ?? 'type,code').split(',');
    const buckets = await this.summaries.summarise({
      from: query.from,
      to: query.to,
      bucket: query.bucket ?? 'hour',
      byType: groups.includes('type'),
      byCode: groups.includes('code'),
    });
    return { buckets };
  }

  @Get('failed-logins')
  @RequireRoles('analyst', 'admin')
  @ApiOperation({
    summary:
      'Failed logins per username: how many, when, from how many addresses, lockouts, later success',
  })
  @ApiOkResponse({
    description:
      '{ items: [{ username, failures, firstAt, lastAt, distinctSources, lockedOut, succeededAfter }] }',
  })
  async failedLogins(@Query() query: FailedLoginsQuery) {
    const rows: {
      username: string;
      failures: number;
      first_at: Date;
      last_at: Date;
      sources: number;
      locked: boolean;
      succeeded: boolean;
    }[] = await this.dataSource.query(
      `WITH failures AS (
           SELECT payload->>'username' AS username, received_at, metadata->>'clientAddress' AS source, rejection_code, events
           FROM command_log
           WHERE type = 'LogIn' AND status = 'rejected'
             AND ($1::timestamptz IS NULL OR received_at >= $1) AND ($2::timestamptz IS NULL OR received_at < $2))
         SELECT f.username, count(*)::int AS failures, min(f.received_at) AS first_at, max(f.received_at) AS last_at,
                count(DISTINCT f.source)::int AS sources,
                bool_or(f.rejection_code = 'TOO_MANY_FAILED_LOGINS' OR f.events @> '[{"type":"LoginLockedOut"}]') AS locked,
                -- A username's logins are its stream: the stream index finds them without a scan.
                EXISTS (SELECT 1 FROM command_log s WHERE s.stream_key = 'username:' || f.username
                          AND s.type = 'LogIn' AND s.status = 'accepted' AND s.received_at > min(f.received_at)) AS succeeded
         FROM failures f GROUP BY f.username HAVING count(*) >= $3
         ORDER BY failures DESC, f.username`,
      [query.from ?? null, query.to ?? null, query.minFailures ?? 1],
    );
    return {
      items: rows.map((r) => ({
        username: r.username,
        failures: r.failures,
        firstAt: r.first_at.toISOString(),
        lastAt: r.last_at.toISOString(),
        distinctSources: r.sources,
        lockedOut: r.locked,
        succeededAfter: r.succeeded,
      })),
    };
  }
}

function csvLine(item: AuditItem): string {
  return CSV_COLUMNS.map((column) => csvField(item[column])).join(',');
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number'
        ? String(value)
        : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
