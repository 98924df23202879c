import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { contestStatus, STATUS_PREDICATES } from '../runtime/contest-status';
import { PageKey, pageOf, ViewPage } from '../runtime/view-read';

export type ContestStatus = 'open' | 'voting' | 'closed';

/** The entry leading a contest, as the contest-list projector stores it. */
export interface ContestLeader {
  entryId: string;
  title: string;
  authorId: string;
  authorName: string;
  score: number;
}

interface ListRow {
  contest_id: string;
  title: string;
  category: string;
  submissions_close_at: Date;
  voting_closes_at: Date;
  closed_at: Date | null;
  created_at: Date;
  entry_count: number;
  vote_count: number;
  leader: ContestLeader | null;
}

/** One line of the contest list. */
export interface ContestSummary {
  contestId: string;
  title: string;
  category: string;
  status: ContestStatus;
  entryCount: number;
  voteCount: number;
  leader: ContestLeader | null;
  submissionsCloseAt: string;
  votingClosesAt: string;
}

export interface ContestListFilter {
  readonly status?: ContestStatus;
  readonly category?: string;
  /** Text the title contains, ignoring case; `%`, `_` and `\` in it are taken literally. */
  readonly title?: string;
  /** The (created_at, contest_id) key of the previous page's last contest. */
  readonly after: PageKey | null;
  readonly limit: number;
}

/** Reads the contest-list view (view_contest_list), newest first. */
@Injectable()
export class ContestListReader {
  constructor(private readonly dataSource: DataSource) {}

  async page(filter: ContestListFilter): Promise<ViewPage<ContestSummary>> {
    // One clock for the status filter and the statuses shown.
    const now = new Date();
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.status)
      where.push(STATUS_PREDICATES[filter.status](`$${params.push(now)}::timestamptz`));
    if (filter.category) where.push(`category = $${params.push(filter.category)}`);
    if (filter.title)
      where.push(`title ILIKE $${params.push(`%${filter.title.replace(/[\\%_]/g, '\\$&')}%`)}`);
    const after = filter.after;
    if (after)
      where.push(
        `(created_at, contest_id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`,
      );
    const rows: ListRow[] = await this.dataSource.query(
      `SELECT contest_id, title, category, submissions_close_at, voting_closes_at, closed_at, created_at,
              entry_count, vote_count, leader
       FROM view_contest_list ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, contest_id DESC LIMIT $${params.push(filter.limit + 1)}`,
      params,
    );
    return pageOf(
      rows,
      filter.limit,
      (last) => [last.created_at.toISOString(), last.contest_id],
      (row) => ({
        contestId: row.contest_id,
        title: row.title,
        category: row.category,
        status: contestStatus(row, now),
        entryCount: row.entry_count,
        voteCount: row.vote_count,
        leader: row.leader,
        submissionsCloseAt: row.submissions_close_at.toISOString(),
        votingClosesAt: row.voting_closes_at.toISOString(),
      }),
    );
  }
}
