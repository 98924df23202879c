import { EventHandlers } from '@contest/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LogRow } from '../../command-log/log-reader';
import { Projector } from '../runtime/projector';
import { ViewRow, writeEvents } from '../runtime/view-writes';

/** An entry's comments, newest first (GET /entries/:id/comments); deleted ones disappear. */
@Injectable()
export class EntryCommentsProjector implements Projector {
  readonly name = 'entry-comments';
  readonly version = 1;
  readonly onPoisonRow = 'skip' as const;
  readonly tables = ['view_entry_comments'];

  readonly events: EventHandlers<ViewRow> = {
    CommentAdded: (event, { row, writes }) =>
      writes.push((tx) =>
        tx.query(
          `INSERT INTO view_entry_comments (comment_id, entry_id, author_id, author_name, body, created_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (comment_id) DO NOTHING`,
          [
            event.commentId,
            event.entryId,
            event.authorId,
            event.authorName,
            event.body,
            event.createdAt,
            row.position,
          ],
        ),
      ),
    CommentDeleted: (event, { writes }) =>
      writes.push((tx) =>
        tx.query(`DELETE FROM view_entry_comments WHERE comment_id = $1`, [event.commentId]),
      ),
    ContestCreated: 'ignored',
    ContestClosed: 'ignored',
    ContestRulesetChanged: 'ignored',
    EntrySubmitted: 'ignored',
    EntryWithdrawn: 'ignored',
    VoteCast: 'ignored',
    VoteRetracted: 'ignored',
    ViewRecorded: 'ignored',
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
    await writeEvents(
      tx,
      this.events,
      rows.filter((row) => row.status === 'accepted'),
    );
  }
}
