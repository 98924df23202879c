import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface ActivityRow {
  user_id: string;
  display_name: string;
  registered_at: Date;
  contests_created: number;
  entries_submitted: number;
  votes_cast: number;
  comments_written: number;
}

/** What a user has done on the platform, as anyone may see it. */
export interface UserActivity {
  userId: string;
  displayName: string;
  registeredAt: string;
  contestsCreated: number;
  entriesSubmitted: number;
  votesCast: number;
  commentsWritten: number;
}

/** Reads the user-activity view (view_user_activity). */
@Injectable()
export class UserActivityReader {
  constructor(private readonly dataSource: DataSource) {}

  async find(userId: string): Promise<UserActivity | null> {
    const [row]: ActivityRow[] = await this.dataSource.query(
      `SELECT user_id, display_name, registered_at, contests_created, entries_submitted, votes_cast,
              comments_written
       FROM view_user_activity WHERE user_id = $1`,
      [userId],
    );
    if (!row) return null;
    return {
      userId: row.user_id,
      displayName: row.display_name,
      registeredAt: row.registered_at.toISOString(),
      contestsCreated: row.contests_created,
      entriesSubmitted: row.entries_submitted,
      votesCast: row.votes_cast,
      commentsWritten: row.comments_written,
    };
  }
}
