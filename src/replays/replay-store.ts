import { Injectable } from '@nestjs/common';
import { RulesetRecord } from '@contest/domain';
import { DataSource, EntityManager } from 'typeorm';

/** A replay is queued, then running, then done (with its result) or failed (with its error). */
export const REPLAY_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ReplayStatus = (typeof REPLAY_STATUSES)[number];

export interface ReplayRecord {
  readonly replayId: string;
  readonly contestId: string;
  readonly contestTitle: string | null;
  readonly ruleset: unknown;
  readonly asOf: string | null;
  readonly status: ReplayStatus;
  readonly progress: { processed: number; total: number };
  readonly attempts: number;
  readonly result?: unknown;
  readonly stats?: unknown;
  readonly error?: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

interface ReplayRow {
  replay_id: string;
  contest_id: string;
  contest_title: string | null;
  ruleset: unknown;
  as_of: Date | null;
  status: ReplayRecord['status'];
  processed: string;
  total: string;
  attempts: number;
  result: unknown;
  stats: unknown;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/**
 * The title of the contest whose id is the SQL expression `contestId`: its CreateContest's, in
 * the log (the source of truth), found through the log's stream index at the stream's start.
 */
export const contestTitleOf = (contestId: string) => `(
  SELECT l.payload->>'title' FROM command_log l
  WHERE l.stream_key = 'contest:' || ${contestId} AND l.type = 'CreateContest'
    AND l.status = 'accepted'
  ORDER BY l.position LIMIT 1)`;

interface StoredRulesetRow {
  ruleset_id: string;
  name: string;
  hash: string;
  definition: { acceptance: RulesetRecord['acceptance']; scoring: Record<string, unknown> };
}

/**
 * The replays table: requests, progress, results. Replays never touch the live views. Also
 * what a request is checked against before it is logged: its contest and a stored ruleset.
 */
@Injectable()
export class ReplayStore {
  constructor(private readonly dataSource: DataSource) {}

  /** A contest a replay can be asked for, with its title; null when no contest has that id. */
  async contest(contestId: string): Promise<{ title: string | null } | null> {
    const [row]: { title: string | null }[] = await this.dataSource.query(
      `SELECT ${contestTitleOf('c.contest_id')} AS title FROM contests c WHERE c.contest_id = $1`,
      [contestId],
    );
    return row ?? null;
  }

  /** A stored ruleset as a replay runs it, or null when none has that id. */
  async storedRuleset(rulesetId: string): Promise<RulesetRecord | null> {
    const [row]: StoredRulesetRow[] = await this.dataSource.query(
      `SELECT ruleset_id, name, hash, definition FROM rulesets WHERE ruleset_id = $1`,
      [rulesetId],
    );
    if (!row) return null;
    return {
      rulesetId: row.ruleset_id,
      name: row.name,
      hash: row.hash,
      acceptance: row.definition.acceptance,
      scoring: row.definition.scoring,
    };
  }

  async create(
    tx: EntityManager,
    replay: {
      replayId: string;
      contestId: string;
      ruleset: unknown;
      asOf: Date | null;
      requestedBy: string;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO replays (replay_id, contest_id, ruleset, as_of, status, requested_by, created_at)
       VALUES ($1, $2, $3, $4, 'queued', $5, $6)`,
      [
        replay.replayId,
        replay.contestId,
        JSON.stringify(replay.ruleset),
        replay.asOf,
        replay.requestedBy,
        replay.at,
      ],
    );
  }

  async find(replayId: string): Promise<ReplayRecord | null> {
    const rows: ReplayRow[] = await this.dataSource.query(
      `SELECT r.*, ${contestTitleOf('r.contest_id')} AS contest_title FROM replays r WHERE r.replay_id = $1`,
      [replayId],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }

  async unfinished(): Promise<string[]> {
    const rows: { replay_id: string }[] = await this.dataSource.query(
      `SELECT replay_id FROM replays WHERE status IN ('queued', 'running') ORDER BY created_at`,
    );
    return rows.map((r) => r.replay_id);
  }

  /** Starts (or restarts, after a crash) a run: progress and any old result are cleared. */
  async start(replayId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE replays SET status = 'running', attempts = attempts + 1, processed = 0, total = 0,
              result = NULL, stats = NULL, error = NULL, started_at = now(), finished_at = NULL
       WHERE replay_id = $1`,
      [replayId],
    );
  }

  async progress(replayId: string, processed: number, total: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE replays SET processed = $2, total = $3 WHERE replay_id = $1 AND status = 'running'`,
      [replayId, processed, total],
    );
  }

  /** Result and status in one statement: a replay is done exactly when its result is there. */
  async finish(replayId: string, result: unknown, stats: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE replays SET status = 'done', result = $2, stats = $3, finished_at = now() WHERE replay_id = $1`,
      [replayId, JSON.stringify(result), JSON.stringify(stats)],
    );
  }

  async fail(replayId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE replays SET status = 'failed', error = $2, result = NULL, finished_at = now() WHERE replay_id = $1`,
      [replayId, error.slice(0, 2000)],
    );
  }
}

function toRecord(row: ReplayRow): ReplayRecord {
  return {
    replayId: row.replay_id,
    contestId: row.contest_id,
    contestTitle: row.contest_title,
    ruleset: row.ruleset,
    asOf: row.as_of?.toISOString() ?? null,
    status: row.status,
    progress: { processed: Number(row.processed), total: Number(row.total) },
    attempts: row.attempts,
    ...(row.result !== null ? { result: row.result } : {}),
    ...(row.stats !== null ? { stats: row.stats } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
