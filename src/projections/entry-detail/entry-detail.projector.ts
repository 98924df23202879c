import { EventHandlers } from '@contest/domain';
import { Injectable } from '@nestjs/common';
import { asOfOf, ContestScore, RankedEntry, WithdrawnEntry } from '@contest/ranking-engine';
import { EntityManager } from 'typeorm';
import { LogCursor, LogRow } from '../../command-log/log-reader';
import { ContestScores } from '../contest-scoring/contest-scores';
import { Projector } from '../runtime/projector';
import { SCORED, ViewRow, writeEvents } from '../runtime/view-writes';

/**
 * The entry page (GET /entries/:id): the entry, its counted activity, score and rank from this
 * projection's own tallies, and its recent comments from its own comments table.
 */
@Injectable()
export class EntryDetailProjector implements Projector {
  readonly name = 'entry-detail';
  readonly version = 1;
  readonly onPoisonRow = 'halt' as const;
  readonly tables = ['view_entry_detail', 'view_entry_detail_comments'];
  private readonly scores = new ContestScores();

  readonly events: EventHandlers<ViewRow> = {
    EntrySubmitted: (event, { row, writes }) =>
      writes.push((tx) =>
        tx.query(
          `INSERT INTO view_entry_detail (entry_id, contest_id, title, video_url, description, author_id,
                                          author_name, status, submitted_at, last_position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9) ON CONFLICT (entry_id) DO NOTHING`,
          [
            event.entryId,
            event.contestId,
            event.title,
            event.videoUrl,
            event.description,
            event.authorId,
            event.authorName,
            event.submittedAt,
            row.position,
          ],
        ),
      ),
    EntryWithdrawn: (event, { writes }) =>
      writes.push((tx) =>
        tx.query(
          `UPDATE view_entry_detail SET status = 'withdrawn', rank = NULL WHERE entry_id = $1`,
          [event.entryId],
        ),
      ),
    CommentAdded: (event, { writes }) =>
      writes.push((tx) =>
        tx.query(
          `INSERT INTO view_entry_detail_comments (comment_id, entry_id, author_id, author_name, body, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (comment_id) DO NOTHING`,
          [
            event.commentId,
            event.entryId,
            event.authorId,
            event.authorName,
            event.body,
            event.createdAt,
          ],
        ),
      ),
    CommentDeleted: (event, { writes }) =>
      writes.push((tx) =>
        tx.query(`DELETE FROM view_entry_detail_comments WHERE comment_id = $1`, [event.commentId]),
      ),
    // Counts, score and rank come from the contest's score.
    ContestCreated: SCORED,
    ContestClosed: SCORED,
    ContestRulesetChanged: SCORED,
    VoteCast: SCORED,
    VoteRetracted: SCORED,
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
    for (const { score, position } of touched.values()) await this.rescore(tx, score, position);
    this.scores.endBatch(rows[rows.length - 1]);
  }

  /**
   * Writes every entry of the contest: one vote can move every rank. A withdrawn entry is
   * written too, with no rank and no score, so its row does not depend on the batches.
   */
  private async rescore(tx: EntityManager, score: ContestScore, position: number): Promise<void> {
    const asOf = asOfOf(score);
    const ranked: RankedEntry[] = asOf ? score.tally.rank(asOf) : [];
    const lines: (WithdrawnEntry & { rank: number | null; score: number | null })[] = [
      ...ranked,
      ...score.tally.withdrawnEntries().map((entry) => ({ ...entry, rank: null, score: null })),
    ];
    if (lines.length === 0) return;
    await tx.query(
      `UPDATE view_entry_detail v SET rank = d.rank, score = d.score, upvotes = d.up, downvotes = d.down,
              comments = d.comments, views = d.views, watch_seconds = d.watch,
              last_position = GREATEST(v.last_position, $8)
       FROM unnest($1::uuid[], $2::int[], $3::float8[], $4::int[], $5::int[], $6::int[], $7::int[], $9::float8[])
         AS d(entry_id, rank, score, up, down, comments, views, watch)
       WHERE v.entry_id = d.entry_id`,
      [
        lines.map((r) => r.entryId),
        lines.map((r) => r.rank),
        lines.map((r) => r.score),
        lines.map((r) => r.upvotes),
        lines.map((r) => r.downvotes),
        lines.map((r) => r.comments),
        lines.map((r) => r.views),
        position,
        lines.map((r) => r.watchSeconds),
      ],
    );
  }
}
