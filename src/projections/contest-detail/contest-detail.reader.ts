import { RulesetLabel } from '@contest/ranking-engine';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { contestStatus } from '../runtime/contest-status';

interface DetailRow {
  contest_id: string;
  title: string;
  description: string;
  category: string;
  owner_id: string;
  owner_name: string;
  submissions_close_at: Date;
  voting_opens_at: Date;
  voting_closes_at: Date;
  closed_at: Date | null;
  created_at: Date;
  entry_count: number;
  vote_count: number;
  comment_count: number;
  view_count: number;
  ruleset: RulesetLabel;
}

/** One contest as its page shows it; the status is derived at read time. */
export interface ContestDetail {
  contestId: string;
  title: string;
  description: string;
  category: string;
  owner: { userId: string; displayName: string };
  status: 'open' | 'voting' | 'closed';
  submissionsCloseAt: string;
  votingOpensAt: string;
  votingClosesAt: string;
  closedAt: string | null;
  createdAt: string;
  entryCount: number;
  voteCount: number;
  commentCount: number;
  viewCount: number;
  ruleset: RulesetLabel;
}

/** Reads the contest-detail view (view_contest_detail). */
@Injectable()
export class ContestDetailReader {
  constructor(private readonly dataSource: DataSource) {}

  async find(contestId: string): Promise<ContestDetail | null> {
    const [row]: DetailRow[] = await this.dataSource.query(
      `SELECT * FROM view_contest_detail WHERE contest_id = $1`,
      [contestId],
    );
    return row ? toDetail(row, new Date()) : null;
  }
}

function toDetail(row: DetailRow, now: Date): ContestDetail {
  return {
    contestId: row.contest_id,
    title: row.title,
    description: row.description,
    category: row.category,
    owner: { userId: row.owner_id, displayName: row.owner_name },
    status: contestStatus(row, now),
    submissionsCloseAt: row.submissions_close_at.toISOString(),
    votingOpensAt: row.voting_opens_at.toISOString(),
    votingClosesAt: row.voting_closes_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    entryCount: row.entry_count,
    voteCount: row.vote_count,
    commentCount: row.comment_count,
    viewCount: row.view_count,
    ruleset: row.ruleset,
  };
}
