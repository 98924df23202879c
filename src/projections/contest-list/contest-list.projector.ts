import { EventHandlers } from '@contest/domain';
import { Injectable } from '@nestjs/common';
import { asOfOf, ContestScore } from '@contest/ranking-engine';
import { EntityManager } from 'typeorm';
import { LogCursor, LogRow } from '../../command-log/log-reader';
import { ContestScores } from '../contest-scoring/contest-scores';
import { Projector } from '../runtime/projector';
import { SCORED, ViewRow, writeEvents } from '../runtime/view-writes';

/**
 * The contest list (GET /contests): one row per contest with its counts and current leader.
 * The leader comes from this projection's own tallies: no view reads another's tables.
 */
@Injectable()
export class ContestListProjector implements Projector {
  readonly name = 'contest-list';
  readonly version = 1;
  readonly onPoisonRow = 'halt' as const;
  readonly tables = ['view_contest_list'];
  private readonly scores = new ContestScores();

  readonly events: EventHandlers<ViewRow> = {
    ContestCreated: (event, { row, writes }) =>
      writes.push((tx) =>
        tx.query(
          `INSERT INTO view_contest_list (contest_id, title, category, submissions_close_at, voting_closes_at,
                                          created_at, last_position)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (contest_id) DO NOTHING`,
          [
            event.contestId,
            event.title,
            event.category,
            event.submissionsCloseAt,
            event.votingClosesAt,
            event.createdAt,
            row.position,
          ],
        ),
      ),
    ContestClosed: (event, { writes }) =>
      writes.push((tx) =>
        tx.query(`UPDATE view_contest_list SET closed_at = $2 WHERE contest_id = $1`, [
          event.contestId,
          event.closedAt,
        ]),
      ),
    // Counts and the leader come from the contest's score.
    ContestRulesetChanged: SCORED,
    EntrySubmitted: SCORED,
    EntryWithdrawn: SCORED,
    VoteCast: SCORED,
    VoteRetracted: SCORED,
    CommentAdded: SCORED,
    CommentDeleted: SCORED,
    ViewRecorded: SCORED,
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

  async apply(tx: EntityManager, rows: readonly LogRow[], after: LogCursor): Promise<void> {
    this.scores.beginBatch(after);
    const touched = await this.scores.feedBatch(tx, rows, (row) =>
      writeEvents(tx, this.events, [row]),
    );
    for (const { score, position } of touched.values()) await this.summarise(tx, score, position);
    this.scores.endBatch(rows[rows.length - 1]);
  }

  private async summarise(tx: EntityManager, score: ContestScore, position: number): Promise<void> {
    const totals = score.tally.contestTotals();
    const asOf = asOfOf(score);
    const [top] = asOf ? score.tally.rank(asOf) : [];
    const leader = top
      ? {
          entryId: top.entryId,
          title: top.title,
          authorId: top.authorId,
          authorName: top.authorName,
          score: top.score,
        }
      : null;
    await tx.query(
      `UPDATE view_contest_list SET entry_count = $2, vote_count = $3, leader = $4,
              last_position = GREATEST(last_position, $5)
       WHERE contest_id = $1`,
      [
        score.contestId,
        totals.entries,
        totals.upvotes + totals.downvotes,
        leader && JSON.stringify(leader),
        position,
      ],
    );
  }
}
