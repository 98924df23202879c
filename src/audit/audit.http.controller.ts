import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { once } from 'node:events';
import { RequireRoles } from '../identity/auth/access.decorators';
import { decodeCursor, encodeCursor } from '../projections/runtime/page.query.dto';
import { QueryInteger } from '../platform/http/edge-validators';
import { TimeRangeQuery } from '../projections/runtime/time-range.query.dto';
import { AuditCommandsQuery } from './audit-commands.query.dto';
import { AuditLogReader } from './audit-log.reader';
import { FailedLoginsReader } from './failed-logins.reader';
import { CSV_COLUMNS, csvLine } from './audit-csv';

class FailedLoginsQuery extends TimeRangeQuery {
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: 1_000_000 })
  @IsOptional()
  @QueryInteger(1, 1_000_000)
  minFailures?: number;
}

const STREAM_PAGE = 1000;

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly reader: AuditLogReader,
    private readonly failedLoginsReader: FailedLoginsReader,
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
    const after = decodeCursor(query.cursor, ['xid', 'position']);
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
    // What the hooks set on the reply (X-Request-Id, the security headers) goes out too.
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
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
    return {
      items: await this.failedLoginsReader.read(query.from, query.to, query.minFailures ?? 1),
    };
  }
}
