import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LogCursor, SETTLED } from '../command-log/log-reader';
import { AUDIT_HOURS } from '../projections/audit-hours/audit-hours.projector';
import { AuditCommandsQuery } from './audit-commands.query.dto';

/** How far the audit-hours view has read the log; no checkpoint means not at all. */
const PROJECTED_TX = `(SELECT coalesce(
  (SELECT last_tx_id FROM projection_checkpoints WHERE projection = '${AUDIT_HOURS}'), '0'::xid8))`;

export interface AuditItem {
  commandId: string;
  position: number;
  type: string;
  actorId: string | null;
  status: string;
  code: string | null;
  detail: string | null;
  receivedAt: string;
  payload: unknown;
  metadata: unknown;
}

interface Row {
  command_id: string;
  position: string;
  tx_id: string;
  type: string;
  actor_id: string | null;
  status: string;
  rejection_code: string | null;
  rejection_detail: string | null;
  received_at: Date;
  payload: unknown;
  metadata: unknown;
}

/**
 * Pages through the command log for analysts. Pages follow the log's gap-safe reading order,
 * (tx_id, position), below the snapshot's xmin, like projectors: a page never repeats a row,
 * and no row that commits late is skipped, however many commands keep arriving.
 * Payloads come out as stored: redacted.
 *
 * A time filter does not follow that order, so on its own it would make Postgres walk every
 * older row of the filtered index. The audit-hours view bounds the walk: a command received
 * at or after `from` was written in a transaction no older than the first one of its hour,
 * or, if the view has not reached it yet, no older than the view's checkpoint. A command
 * received before `to` was written at the latest in the last transaction of its hour, or is
 * among the few rows past the checkpoint. The bounds and the page come from one statement,
 * so from one snapshot.
 */
@Injectable()
export class AuditLogReader {
  constructor(private readonly dataSource: DataSource) {}

  async page(
    filters: AuditCommandsQuery,
    after: LogCursor | null,
    limit: number,
  ): Promise<{ items: AuditItem[]; last: LogCursor | null }> {
    const params: unknown[] = [];
    const where = this.where(filters, params);
    if (after)
      where.push(
        `(command_log.tx_id, command_log.position) > ($${params.push(after.txId)}::xid8, $${params.push(after.position)}::bigint)`,
      );
    where.push(`command_log.${SETTLED}`);
    const rows: Row[] = await this.dataSource.query(
      `SELECT command_id, position, tx_id::text AS tx_id, type, actor_id, status, rejection_code, rejection_detail,
              received_at, payload, metadata
       FROM command_log WHERE ${where.join(' AND ')}
       ORDER BY command_log.tx_id, command_log.position LIMIT $${params.push(limit)}`,
      params,
    );
    const lastRow = rows[rows.length - 1];
    return {
      items: rows.map(toItem),
      last: lastRow ? { txId: lastRow.tx_id, position: Number(lastRow.position) } : null,
    };
  }

  private where(filters: AuditCommandsQuery, params: unknown[]): string[] {
    const where: string[] = [];
    // A refusal code implies a rejected command; saying so lets Postgres use the code index
    // (partial, over rejected rows) instead of walking the whole log.
    const status = filters.code ? 'rejected' : filters.status;
    if (filters.code && filters.status === 'accepted') where.push('false');
    if (status) where.push(`status = $${params.push(status)}`);
    if (filters.type) where.push(`type = $${params.push(filters.type)}`);
    if (filters.code) where.push(`rejection_code = $${params.push(filters.code)}`);
    if (filters.actorId) where.push(`actor_id = $${params.push(filters.actorId.toLowerCase())}`);
    if (filters.from) {
      const from = `$${params.push(filters.from)}::timestamptz`;
      where.push(`received_at >= ${from}`);
      where.push(
        `command_log.tx_id >= (SELECT LEAST(
           (SELECT min(first_tx_id) FROM view_audit_hours WHERE hour >= date_trunc('hour', ${from}, 'UTC')),
           ${PROJECTED_TX}))`,
      );
    }
    if (filters.to) {
      const to = `$${params.push(filters.to)}::timestamptz`;
      where.push(`received_at < ${to}`);
      where.push(
        `command_log.tx_id <= (SELECT GREATEST(
           (SELECT max(last_tx_id) FROM view_audit_hours WHERE hour < ${to}),
           (SELECT max(tail.tx_id) FROM command_log tail
             WHERE tail.tx_id >= ${PROJECTED_TX} AND tail.received_at < ${to})))`,
      );
    }
    return where;
  }
}

function toItem(row: Row): AuditItem {
  return {
    commandId: row.command_id,
    position: Number(row.position),
    type: row.type,
    actorId: row.actor_id,
    status: row.status,
    code: row.rejection_code,
    detail: row.rejection_detail,
    receivedAt: row.received_at.toISOString(),
    payload: row.payload,
    metadata: row.metadata,
  };
}
