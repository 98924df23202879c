import { Injectable } from '@nestjs/common';
import { RulesetRecord } from '@contest/domain';
import { scoringOf } from '@contest/ranking-engine';
import { DataSource } from 'typeorm';
import { BUILTIN_RULESETS } from '../../rulesets/builtin-rulesets';
import {
  CommandRow,
  countCommands,
  LogCursor,
  readCommandsAfter,
  streamHasAccepted,
  withLogConnection,
} from '../../command-log/log-reader';
import { decodeContestCommand, isDecidedAgain, LogReplay } from './log-replay';
import { countFlip, diffStandings, line, OutcomeChanges } from './replay-diff';

const PAGE = 5_000;

export interface ReplayRequest {
  readonly contestId: string;
  /** The candidate; null replays the contest under its own (live) rulesets, a parity check. */
  readonly candidate: RulesetRecord | null;
  readonly asOf: Date | null;
}

/** What a replay returns: its result (stored for admins) and its stats. */
export type ReplayRun = Awaited<ReturnType<ReplayRunner['run']>>;

export interface ReplayProgress {
  (processed: number, total: number): Promise<void> | void;
}

/**
 * A what-if replay (docs/DESIGN.md): streams the contest's commands and the registrations and
 * rulesets they need from the log, in the order projectors read it, a page at a time (never
 * the whole history in memory); re-decides them twice in one pass, under the candidate and
 * under the live rules (the baseline), and diffs the standings at asOf.
 */
@Injectable()
export class ReplayRunner {
  constructor(private readonly dataSource: DataSource) {}

  async run(request: ReplayRequest, progress?: ReplayProgress) {
    const started = Date.now();
    const { contestId, candidate, asOf } = request;
    // Scoring a history anew after a rule change needs it kept in memory; most contests never
    // change rules, and a candidate holds its contest to one ruleset throughout.
    const changes = await streamHasAccepted(
      this.dataSource.manager,
      `contest:${contestId}`,
      'ChangeContestRuleset',
    );
    const baseline = new LogReplay(BUILTIN_RULESETS, null, { keepHistory: changes });
    const replay = candidate
      ? new LogReplay(
          BUILTIN_RULESETS,
          {
            contestId,
            ruleset: candidate,
            acceptance: candidate.acceptance,
            scoring: scoringOf(candidate.scoring),
          },
          { keepHistory: false },
        )
      : baseline;
    const filter = `(stream_key = $1 AND ($2::timestamptz IS NULL OR received_at <= $2))
                    OR (status = 'accepted' AND type IN ('RegisterUser', 'CreateRuleset'))`;
    const params = [`contest:${contestId}`, asOf];
    const total = await countCommands(this.dataSource.manager, filter, params);
    const flips: OutcomeChanges = { acceptedToRejected: 0, rejectedToAccepted: 0, byCode: {} };
    let processed = 0;
    let lastPosition = 0;
    await withLogConnection(this.dataSource, async (connection) => {
      const page = (after: LogCursor): Promise<CommandRow[]> =>
        // A contest row's stored events are re-derived, not read.
        readCommandsAfter(
          connection,
          { filter, params, events: `CASE WHEN stream_key = $1 THEN NULL ELSE events END` },
          after,
          PAGE,
        );
      // The next page is fetched while this one is decided: Postgres and the deciders overlap.
      let next = page({ txId: '0', position: 0 });
      for (;;) {
        const rows = await next;
        if (rows.length === PAGE) next = page(rows[rows.length - 1]);
        for (const row of rows) {
          // Decoded once for both: the candidate's replay and the live rules' baseline.
          const command = isDecidedAgain(row) ? decodeContestCommand(row) : undefined;
          const outcome = replay.apply(row, command);
          if (replay !== baseline) baseline.apply(row, command);
          countFlip(flips, outcome);
          if (row.position > lastPosition) lastPosition = row.position;
        }
        processed += rows.length;
        await progress?.(processed, Math.max(total, processed));
        if (rows.length < PAGE) break;
      }
    });
    const rankAt = asOf ?? undefined;
    const baselineStandings = baseline.standings(contestId, rankAt).map(line);
    const standings = replay.standings(contestId, rankAt).map(line);
    const baselineScore = baseline.contestScore(contestId);
    const durationMs = Date.now() - started;
    return {
      result: {
        asOf:
          (
            asOf ??
            baselineScore?.closedAt ??
            baselineScore?.lastAcceptedAt ??
            null
          )?.toISOString() ?? null,
        position: lastPosition,
        ruleset: candidate
          ? { rulesetId: candidate.rulesetId, name: candidate.name, hash: candidate.hash }
          : (baselineScore?.ruleset ?? null),
        baseline: { ruleset: baselineScore?.ruleset ?? null, standings: baselineStandings },
        standings,
        diff: diffStandings(baselineStandings, standings),
        winnerChanged: (baselineStandings[0]?.entryId ?? null) !== (standings[0]?.entryId ?? null),
        outcomeChanges: flips,
      },
      stats: {
        commands: processed,
        durationMs,
        commandsPerSecond: Math.round((processed / Math.max(durationMs, 1)) * 1000),
      },
    };
  }
}
