import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pageOf, PageKey, ViewPage } from '../../projections/runtime/view-read';
import { contestTitleOf, type ReplayStatus } from '../replay-store';

/** A past (or running) replay as the list shows it: what was asked and how it ended. */
export interface ReplaySummary {
  readonly replayId: string;
  readonly contestId: string;
  readonly contestTitle: string | null;
  readonly ruleset: { rulesetId: string; name: string; hash: string } | null;
  readonly asOf: string | null;
  readonly status: ReplayStatus;
  readonly progress: { processed: number; total: number };
  readonly winnerChanged: boolean | null;
  readonly flips: number | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

interface SummaryRow {
  replay_id: string;
  contest_id: string;
  contest_title: string | null;
  ruleset_id: string | null;
  ruleset_name: string | null;
  ruleset_hash: string | null;
  as_of: Date | null;
  status: ReplayStatus;
  processed: string;
  total: string;
  winner_changed: boolean | null;
  flips: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface ReplayHistoryFilter {
  readonly contestId?: string;
  readonly status?: ReplayStatus;
  /** The sort key (created_at, replay_id) of the previous page's last row. */
  readonly after: PageKey | null;
  readonly limit: number;
}

/**
 * The replays table read as a history, newest first, without the results themselves (a result
 * holds every entry twice; the list needs only whether the winner changed and how many
 * commands flipped). The contest's title comes from its CreateContest in the log.
 */
@Injectable()
export class ReplayHistoryReader {
  constructor(private readonly dataSource: DataSource) {}

  async page(filter: ReplayHistoryFilter): Promise<ViewPage<ReplaySummary>> {
    const [afterTime, afterId] = filter.after ?? [null, null];
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT r.replay_id, r.contest_id, ${contestTitleOf('r.contest_id')} AS contest_title,
              r.ruleset->>'rulesetId' AS ruleset_id, r.ruleset->>'name' AS ruleset_name,
              r.ruleset->>'hash' AS ruleset_hash, r.as_of, r.status, r.processed, r.total,
              (r.result->>'winnerChanged')::boolean AS winner_changed,
              (r.result #>> '{outcomeChanges,acceptedToRejected}')::bigint
                + (r.result #>> '{outcomeChanges,rejectedToAccepted}')::bigint AS flips,
              r.created_at, r.finished_at
       FROM replays r
       WHERE ($1::uuid IS NULL OR r.contest_id = $1)
         AND ($2::text IS NULL OR r.status = $2)
         AND ($3::timestamptz IS NULL OR (r.created_at, r.replay_id) < ($3, $4::uuid))
       ORDER BY r.created_at DESC, r.replay_id DESC
       LIMIT $5`,
      [filter.contestId ?? null, filter.status ?? null, afterTime, afterId, filter.limit + 1],
    );
    return pageOf(
      rows,
      filter.limit,
      (row) => [row.created_at.toISOString(), row.replay_id],
      toSummary,
    );
  }
}

function toSummary(row: SummaryRow): ReplaySummary {
  return {
    replayId: row.replay_id,
    contestId: row.contest_id,
    contestTitle: row.contest_title,
    ruleset:
      row.ruleset_id === null
        ? null
        : { rulesetId: row.ruleset_id, name: row.ruleset_name!, hash: row.ruleset_hash! },
    asOf: row.as_of?.toISOString() ?? null,
    status: row.status,
    progress: { processed: Number(row.processed), total: Number(row.total) },
    winnerChanged: row.winner_changed,
    flips: row.flips === null ? null : Number(row.flips),
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
