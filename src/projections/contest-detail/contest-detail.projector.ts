import { ContestCreated, ContestRulesetChanged, EventHandlers, handleEvent } from '@contest/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LogRow } from '../../command-log/log-reader';
import { contestIdOf } from '../contest-scoring/contest-scores';
import { Projector } from '../runtime/projector';
import { ViewWrite } from '../runtime/view-writes';

type Counter = 'entry_count' | 'vote_count' | 'comment_count' | 'view_count';
const COUNTER_NAMES: readonly Counter[] = [
  'entry_count',
  'vote_count',
  'comment_count',
  'view_count',
];

/** In log order, what a row's events do: change counters, or write the contest's row. */
type DetailStep =
  { readonly count: Partial<Record<Counter, number>> } | { readonly write: ViewWrite };

interface DetailRow {
  readonly row: LogRow;
  readonly steps: DetailStep[];
}

const rulesetLabel = ({ ruleset }: ContestCreated | ContestRulesetChanged) =>
  JSON.stringify({ rulesetId: ruleset.rulesetId, name: ruleset.name, hash: ruleset.hash });

/**
 * The contest page (GET /contests/:id): schedule, owner, ruleset and raw activity counters
 * (every recorded view, every active vote), summed per batch and written once per contest.
 */
@Injectable()
export class ContestDetailProjector implements Projector {
  readonly name = 'contest-detail';
  readonly version = 1;
  readonly onPoisonRow = 'halt' as const;
  readonly tables = ['view_contest_detail'];

  readonly events: EventHandlers<DetailRow> = {
    ContestCreated: (event, { row, steps }) =>
      steps.push({
        write: (tx) =>
          tx.query(
            `INSERT INTO view_contest_detail (contest_id, title, description, category, owner_id, owner_name,
                submissions_close_at, voting_opens_at, voting_closes_at, created_at, ruleset, last_position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (contest_id) DO NOTHING`,
            [
              event.contestId,
              event.title,
              event.description,
              event.category,
              event.ownerId,
              event.ownerName,
              event.submissionsCloseAt,
              event.votingOpensAt,
              event.votingClosesAt,
              event.createdAt,
              rulesetLabel(event),
              row.position,
            ],
          ),
      }),
    ContestClosed: (event, { row, steps }) =>
      steps.push({
        write: (tx) =>
          tx.query(
            `UPDATE view_contest_detail SET closed_at = $2, last_position = $3 WHERE contest_id = $1`,
            [event.contestId, event.closedAt, row.position],
          ),
      }),
    ContestRulesetChanged: (event, { row, steps }) =>
      steps.push({
        write: (tx) =>
          tx.query(
            `UPDATE view_contest_detail SET ruleset = $2, last_position = $3 WHERE contest_id = $1`,
            [event.contestId, rulesetLabel(event), row.position],
          ),
      }),
    EntrySubmitted: (_event, { steps }) => steps.push({ count: { entry_count: 1 } }),
    EntryWithdrawn: (_event, { steps }) => steps.push({ count: { entry_count: -1 } }),
    // A flip replaces a vote; only new votes add to the count.
    VoteCast: (event, { steps }) =>
      steps.push({ count: event.previousValue === null ? { vote_count: 1 } : {} }),
    VoteRetracted: (_event, { steps }) => steps.push({ count: { vote_count: -1 } }),
    CommentAdded: (_event, { steps }) => steps.push({ count: { comment_count: 1 } }),
    CommentDeleted: (_event, { steps }) => steps.push({ count: { comment_count: -1 } }),
    ViewRecorded: (_event, { steps }) => steps.push({ count: { view_count: 1 } }),
    UserRegistered: 'ignored',
    LoginSucceeded: 'ignored',
    LoginFailed: 'ignored',
    LoginLockedOut: 'ignored',
    UserLoggedOut: 'ignored',
    RoleGranted: 'ignored',
    RulesetCreated: 'ignored',
    ReplayRequested: 'ignored',
    ProjectionRebuildRequested: 'ignored',
    DeadLetterRetried: 'ignored',
    DeadLetterSkipped: 'ignored',
  };

  async apply(tx: EntityManager, rows: readonly LogRow[]): Promise<void> {
    const deltas = new Map<string, { counts: Record<Counter, number>; position: number }>();
    for (const row of rows) {
      const contestId = contestIdOf(row);
      if (contestId === null || row.status !== 'accepted') continue;
      const context: DetailRow = { row, steps: [] };
      for (const event of row.events) handleEvent(this.events, event, context);
      for (const step of context.steps) {
        if ('write' in step) {
          await this.flush(tx, deltas); // keep creation before the counts that follow it
          await step.write(tx);
          continue;
        }
        const delta = deltas.get(contestId) ?? {
          counts: { entry_count: 0, vote_count: 0, comment_count: 0, view_count: 0 },
          position: 0,
        };
        for (const name of COUNTER_NAMES) delta.counts[name] += step.count[name] ?? 0;
        delta.position = row.position;
        deltas.set(contestId, delta);
      }
    }
    await this.flush(tx, deltas);
  }

  private async flush(
    tx: EntityManager,
    deltas: Map<string, { counts: Record<Counter, number>; position: number }>,
  ) {
    if (deltas.size === 0) return;
    const list = [...deltas.entries()];
    deltas.clear();
    await tx.query(
      `UPDATE view_contest_detail v SET
         entry_count = v.entry_count + d.entries, vote_count = v.vote_count + d.votes,
         comment_count = v.comment_count + d.comments, view_count = v.view_count + d.views,
         last_position = GREATEST(v.last_position, d.position)
       FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::int[], $6::bigint[])
         AS d(contest_id, entries, votes, comments, views, position)
       WHERE v.contest_id = d.contest_id`,
      [
        list.map(([id]) => id),
        list.map(([, d]) => d.counts.entry_count),
        list.map(([, d]) => d.counts.vote_count),
        list.map(([, d]) => d.counts.comment_count),
        list.map(([, d]) => d.counts.view_count),
        list.map(([, d]) => d.position),
      ],
    );
  }
}
