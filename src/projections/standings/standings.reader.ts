import { RulesetLabel } from '@contest/ranking-engine';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface BoardRow {
  ruleset: RulesetLabel;
  as_of: Date | null;
  final: boolean;
}

interface StandingRow {
  rank: number;
  entry_id: string;
  title: string;
  author_id: string;
  author_name: string;
  score: number;
  upvotes: number;
  downvotes: number;
  comments: number;
  views: number;
  watch_seconds: number;
}

/** One ranked entry of a contest. */
export interface Standing {
  rank: number;
  entryId: string;
  title: string;
  authorId: string;
  authorName: string;
  score: number;
  upvotes: number;
  downvotes: number;
  comments: number;
  views: number;
  watchSeconds: number;
}

/** A contest's standings: the ruleset they are scored by, as of when, and a slice of ranks. */
export interface StandingsBoard {
  ruleset: RulesetLabel;
  asOf: string | null;
  final: boolean;
  items: Standing[];
}

/** Reads the standings view (view_standings_contests and view_standings). */
@Injectable()
export class StandingsReader {
  constructor(private readonly dataSource: DataSource) {}

  /** The ranks after `offset`, at most `limit` of them; null when the view has no such contest. */
  async board(contestId: string, offset: number, limit: number): Promise<StandingsBoard | null> {
    const [contest]: BoardRow[] = await this.dataSource.query(
      `SELECT ruleset, as_of, final FROM view_standings_contests WHERE contest_id = $1`,
      [contestId],
    );
    if (!contest) return null;
    const rows: StandingRow[] = await this.dataSource.query(
      `SELECT rank, entry_id, title, author_id, author_name, score, upvotes, downvotes, comments, views, watch_seconds
       FROM view_standings WHERE contest_id = $1 AND rank > $2 ORDER BY rank LIMIT $3`,
      [contestId, offset, limit],
    );
    return {
      ruleset: contest.ruleset,
      asOf: contest.as_of?.toISOString() ?? null,
      final: contest.final,
      items: rows.map((row) => ({
        rank: row.rank,
        entryId: row.entry_id,
        title: row.title,
        authorId: row.author_id,
        authorName: row.author_name,
        score: row.score,
        upvotes: row.upvotes,
        downvotes: row.downvotes,
        comments: row.comments,
        views: row.views,
        watchSeconds: row.watch_seconds,
      })),
    };
  }
}
