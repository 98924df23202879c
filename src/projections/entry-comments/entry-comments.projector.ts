import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LogRow, Projector } from '../runtime/projector';

/** An entry's comments, newest first (GET /entries/:id/comments); deleted ones disappear. */
@Injectable()
export class EntryCommentsProjector implements Projector {
  readonly name = 'entry-comments';
  readonly version = 1;
  readonly onPoisonRow = 'skip' as const;
  readonly tables = ['view_entry_comments'];

  async apply(tx: EntityManager, rows: readonly LogRow[]): Promise<void> {
    for (const row of rows) {
      if (row.status !== 'accepted') continue;
      for (const event of row.events) {
        if (event.type === 'CommentAdded') {
          await tx.query(
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
          );
        } else if (event.type === 'CommentDeleted') {
          await tx.query(`DELETE FROM view_entry_comments WHERE comment_id = $1`, [
            event.commentId,
          ]);
        }
      }
    }
  }
}
