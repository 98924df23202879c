import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { once } from 'node:events';
import { RequireRoles } from '../identity/auth/access.decorators';
import { decodeCursor, encodeCursor } from '../projections/runtime/page.query.dto';
import { AuditCommandsQuery } from './audit-commands.query.dto';
import { AuditCommandPage, FailedLoginsList } from './audit.reply.dto';
import { FailedLoginsQuery } from './failed-logins.query.dto';
import { AuditLogReader } from './audit-log.reader';
import { FailedLoginsReader } from './failed-logins.reader';
import { CSV_COLUMNS, csvLine } from './audit-csv';

const STREAM_PAGE = 1000;

@ApiTags('audit')
@ApiExtraModels(AuditCommandPage)
@Controller('audit')
export class AuditController {
  constructor(
    private readonly reader: AuditLogReader,
    private readonly failedLoginsReader: FailedLoginsReader,
  ) {}

  @Get('commands')
  @RequireRoles('analyst', 'admin')
  @ApiOperation({
    summary: 'Commands from the log, accepted and refused, filtered',
    description:
      "Filters combine with AND. Pages follow the log's gap-safe reading order (transaction, " +
      'then position), not time: they never skip or repeat a row while commands keep arriving. ' +
      'format=csv or format=ndjson streams every match as an attachment instead of a page; the ' +
      'CSV columns are position, commandId, type, actorId, status, code, detail, receivedAt, ' +
      'payload and metadata (the last two as JSON), after a header line naming them.',
  })
  @ApiOkResponse({
    description: 'A page of commands (json), or every match (csv, ndjson)',
    headers: {
      'Content-Disposition': {
        description: 'With csv and ndjson: attachment; filename="commands.csv" (or .ndjson)',
        schema: { type: 'string' },
      },
    },
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AuditCommandPage) } },
      'text/csv': {
        schema: { type: 'string', description: 'RFC 4180 CSV with a header line' },
      },
      'application/x-ndjson': {
        schema: {
          type: 'string',
          description: 'One JSON object per line, each an AuditCommand',
        },
      },
    },
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
    summary: 'Failed logins per username',
    description:
      'Refused logins per username in the range: how many, when, from how many addresses, ' +
      'whether a lockout happened and whether a login succeeded after the first failure.',
  })
  @ApiOkResponse({ type: FailedLoginsList, description: 'Usernames, most failures first' })
  async failedLogins(@Query() query: FailedLoginsQuery) {
    return {
      items: await this.failedLoginsReader.read(query.from, query.to, query.minFailures ?? 1),
    };
  }
}
