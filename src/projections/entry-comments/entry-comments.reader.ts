import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PageKey, pageOf, ViewPage } from '../runtime/view-read';

interface CommentRow {
  comment_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: Date;
}

/** One comment under an entry. */
export interface EntryComment {
  commentId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
}

/** Reads the entry-comments view (view_entry_comments), newest first. */
@Injectable()
export class EntryCommentsReader {
  constructor(private readonly dataSource: DataSource) {}

  /** `after` is the (created_at, comment_id) key of the previous page's last comment. */
  async page(
    entryId: string,
    after: PageKey | null,
    limit: number,
  ): Promise<ViewPage<EntryComment>> {
    const params: unknown[] = [entryId, limit + 1];
    const rows: CommentRow[] = await this.dataSource.query(
      `SELECT comment_id, author_id, author_name, body, created_at FROM view_entry_comments
       WHERE entry_id = $1 ${after ? `AND (created_at, comment_id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)` : ''}
       ORDER BY created_at DESC, comment_id DESC LIMIT $2`,
      params,
    );
    return pageOf(
      rows,
      limit,
      (last) => [last.created_at.toISOString(), last.comment_id],
      (c) => ({
        commentId: c.comment_id,
        authorId: c.author_id,
        authorName: c.author_name,
        body: c.body,
        createdAt: c.created_at.toISOString(),
      }),
    );
  }
}
