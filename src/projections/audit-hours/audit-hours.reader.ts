import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_HOURS } from './audit-hours.projector';

export interface RejectionSummaryQuery {
  readonly from?: string;
  readonly to?: string;
  readonly bucket: 'hour' | 'day';
  readonly byType: boolean;
  readonly byCode: boolean;
}

export interface RejectionBucket {
  start: string;
  type: string | null;
  code: string | null;
  count: number;
}

/**
 * Rejected commands counted per UTC hour or day. Counting a month of a busy log row by row
 * takes seconds, so whole hours come from the audit-hours view, and only two kinds of rows
 * are counted from the log: those of the partial hours at either end of the range, and those
 * the view has not read yet (past its checkpoint). The view's counts and its checkpoint are
 * read in the same statement as the rows, so the sum is exactly the log's count in that
 * snapshot, however far behind the view is; a view far behind only makes it slower.
 */
@Injectable()
export class RejectionSummaryReader {
  constructor(private readonly dataSource: DataSource) {}

  async summarise(query: RejectionSummaryQuery): Promise<RejectionBucket[]> {
    const type = query.byType ? 'type' : 'NULL::text';
    const code = query.byCode ? 'code' : 'NULL::text';
    // One snapshot for the checkpoint and the counts. The checkpoint and the hours go in as
    // values, not subqueries, so Postgres plans the ends and the tail as the short index
    // ranges they are.
    const rows: { start: Date; type: string | null; code: string | null; count: string }[] =
      await this.dataSource.transaction('REPEATABLE READ', async (tx) => {
        // Where the checkpoint is, and which whole hours the range holds: [first, end).
        const [at]: { tx: string; position: string; first: Date | null; end: Date | null }[] =
          await tx.query(
            `SELECT coalesce(c.last_tx_id, '0'::xid8)::text AS tx, coalesce(c.last_position, 0) AS position,
                    date_trunc('hour', $2::timestamptz - interval '1 microsecond', 'UTC') + interval '1 hour' AS first,
                    date_trunc('hour', $3::timestamptz, 'UTC') AS end
             FROM (SELECT 1) AS one LEFT JOIN projection_checkpoints c ON c.projection = $1`,
            [AUDIT_HOURS, query.from ?? null, query.to ?? null],
          );
        return tx.query(
          `WITH counted AS (
             SELECT h.hour AS at, h.type, h.code, h.count
             FROM view_audit_rejections_hourly h
             WHERE h.hour >= $3::timestamptz AND h.hour < $4::timestamptz
             UNION ALL
             -- the partial hours at the ends, as far as the view has read
             SELECT l.received_at, l.type, l.rejection_code, 1
             FROM command_log l
             WHERE l.status = 'rejected' AND (l.tx_id, l.position) <= ($5::xid8, $6::bigint)
               AND ((l.received_at >= $1::timestamptz AND l.received_at < LEAST($3::timestamptz, $2::timestamptz))
                 OR (l.received_at >= GREATEST($4::timestamptz, $3::timestamptz) AND l.received_at < $2::timestamptz))
             UNION ALL
             -- the rows the view has not read yet
             SELECT l.received_at, l.type, l.rejection_code, 1
             FROM command_log l
             WHERE l.tx_id >= $5::xid8 AND (l.tx_id, l.position) > ($5::xid8, $6::bigint)
               AND l.status = 'rejected' AND l.received_at >= $1::timestamptz AND l.received_at < $2::timestamptz)
           SELECT date_trunc('${query.bucket}', at, 'UTC') AS start, ${type} AS type, ${code} AS code,
                  sum(count) AS count
           FROM counted GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
          [
            query.from ?? '-infinity',
            query.to ?? 'infinity',
            at.first ?? '-infinity',
            at.end ?? 'infinity',
            at.tx,
            at.position,
          ],
        );
      });
    return rows.map((r) => ({
      start: r.start.toISOString(),
      type: r.type,
      code: r.code,
      count: Number(r.count),
    }));
  }
}
