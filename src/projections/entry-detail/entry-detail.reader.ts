import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How many of the newest comments an entry's page shows. */
const RECENT_COMMENTS = 5;

/** An entry is active until its author withdraws it. */
export type EntryStatus = 'active' | 'withdrawn';

interface EntryRow {
  entry_id: string;
  contest_id: string;
  title: string;
  video_url: string;
  description: string;
  author_id: string;
  author_name: string;
  status: EntryStatus;
  submitted_at: Date;
  upvotes: number;
  downvotes: number;
  comments: number;
  views: number;
  watch_seconds: number;
  score: number | null;
  rank: number | null;
}

interface RecentCommentRow {
  comment_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: Date;
}

export interface RecentComment {
  commentId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
}

/** One entry with its counts, score, rank and newest comments. */
export interface EntryDetail {
  entryId: string;
  contestId: string;
  title: string;
  videoUrl: string;
  description: string;
  author: { userId: string; displayName: string };
  status: EntryStatus;
  submittedAt: string;
  upvotes: number;
  downvotes: number;
  comments: number;
  views: number;
  watchSeconds: number;
  score: number | null;
  rank: number | null;
  recentComments: RecentComment[];
}

/** Reads the entry-detail view (view_entry_detail and its recent comments). */
@Injectable()
export class EntryDetailReader {
  constructor(private readonly dataSource: DataSource) {}

  async find(entryId: string): Promise<EntryDetail | null> {
    const [row]: EntryRow[] = await this.dataSource.query(
      `SELECT * FROM view_entry_detail WHERE entry_id = $1`,
      [entryId],
    );
    if (!row) return null;
    const comments: RecentCommentRow[] = await this.dataSource.query(
      `SELECT comment_id, author_id, author_name, body, created_at FROM view_entry_detail_comments
         WHERE entry_id = $1 ORDER BY created_at DESC, comment_id DESC LIMIT ${RECENT_COMMENTS}`,
      [entryId],
    );
    return {
      entryId: row.entry_id,
      contestId: row.contest_id,
      title: row.title,
      videoUrl: row.video_url,
      description: row.description,
      author: { userId: row.author_id, displayName: row.author_name },
      status: row.status,
      submittedAt: row.submitted_at.toISOString(),
      upvotes: row.upvotes,
      downvotes: row.downvotes,
      comments: row.comments,
      views: row.views,
      watchSeconds: row.watch_seconds,
      score: row.score,
      rank: row.rank,
      recentComments: comments.map((c) => ({
        commentId: c.comment_id,
        authorId: c.author_id,
        authorName: c.author_name,
        body: c.body,
        createdAt: c.created_at.toISOString(),
      })),
    };
  }
}
