import { EventHandlers } from '@contest/domain';
import { Injectable } from '@nestjs/common';
import { asOfOf, ContestScore, RankedEntry } from '@contest/ranking-engine';
import { EntityManager } from 'typeorm';
import { LogCursor, LogRow } from '../../command-log/log-reader';
import { ContestScores } from '../contest-scoring/contest-scores';
import { Projector } from '../runtime/projector';
import { SCORED, ViewRow } from '../runtime/view-writes';

/**
 * Live standings (GET /contests/:id/standings): the ranking engine's ranking of each contest
 * touched by a batch, written whole for that contest. A closed contest's standings are final.
 */
@Injectable()
export class StandingsProjector implements Projector {
  readonly name = 'standings';
  readonly version = 1;
  readonly onPoisonRow = 'halt' as const;
  readonly tables = ['view_standings', 'view_standings_contests'];
  private readonly scores = new ContestScores();

  /** Every contest event reaches the standings through the contest's score. */
  readonly events: EventHandlers<ViewRow> = {
    ContestCreated: SCORED,
    ContestClosed: SCORED,
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
    const touched = await this.scores.feedBatch(tx, rows);
    for (const { score, position } of touched.values()) await this.write(tx, score, position);
    this.scores.endBatch(rows[rows.length - 1]);
  }

  private async write(tx: EntityManager, score: ContestScore, position: number): Promise<void> {
    const asOf = asOfOf(score);
    const ranked: RankedEntry[] = asOf ? score.tally.rank(asOf) : [];
    await tx.query(`DELETE FROM view_standings WHERE contest_id = $1`, [score.contestId]);
    if (ranked.length > 0) {
      await tx.query(
        `INSERT INTO view_standings (contest_id, entry_id, rank, score, title, author_id, author_name,
                                     upvotes, downvotes, comments, views, watch_seconds)
         SELECT $1, * FROM unnest($2::uuid[], $3::int[], $4::float8[], $5::text[], $6::uuid[], $7::text[],
                                  $8::int[], $9::int[], $10::int[], $11::int[], $12::float8[])`,
        [
          score.contestId,
          ranked.map((r) => r.entryId),
          ranked.map((r) => r.rank),
          ranked.map((r) => r.score),
          ranked.map((r) => r.title),
          ranked.map((r) => r.authorId),
          ranked.map((r) => r.authorName),
          ranked.map((r) => r.upvotes),
          ranked.map((r) => r.downvotes),
          ranked.map((r) => r.comments),
          ranked.map((r) => r.views),
          ranked.map((r) => r.watchSeconds),
        ],
      );
    }
    await tx.query(
      `INSERT INTO view_standings_contests (contest_id, ruleset, as_of, final, last_position)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (contest_id) DO UPDATE SET ruleset = EXCLUDED.ruleset, as_of = EXCLUDED.as_of,
         final = EXCLUDED.final, last_position = GREATEST(view_standings_contests.last_position, EXCLUDED.last_position)`,
      [score.contestId, JSON.stringify(score.ruleset), asOf, score.closedAt !== null, position],
    );
  }
}
