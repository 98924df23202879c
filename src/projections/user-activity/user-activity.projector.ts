import { EventHandlers, handleEvent } from '@contest/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LogRow } from '../../command-log/log-reader';
import { Projector } from '../runtime/projector';

interface Registration {
  userId: string;
  username: string;
  displayName: string;
  registeredAt: string;
  position: number;
}

interface ActivityDelta {
  logins: number;
  contests: number;
  entries: number;
  votes: number;
  comments: number;
  lastLoginAt: string | null;
  position: number;
}

/** A batch folded in memory, and the row whose events are being folded. */
interface ActivityBatch {
  readonly row: LogRow;
  readonly registrations: Registration[];
  readonly deltas: Map<string, ActivityDelta>;
}

/**
 * The user activity view (GET /users/:userId): one row per user with counters of what they
 * did. A batch is folded in memory first, then written with two set-based statements, so a
 * rebuild does not pay a round trip per row.
 */
@Injectable()
export class UserActivityProjector implements Projector {
  readonly name = 'user-activity';
  readonly version = 1;
  readonly onPoisonRow = 'skip' as const;
  readonly tables = ['view_user_activity'];

  readonly events: EventHandlers<ActivityBatch> = {
    UserRegistered: (event, { row, registrations }) =>
      registrations.push({
        userId: event.userId,
        username: event.username,
        displayName: event.displayName,
        registeredAt: event.registeredAt,
        position: row.position,
      }),
    LoginSucceeded: (event, batch) => {
      const delta = this.delta(batch, event.userId);
      delta.logins += 1;
      delta.lastLoginAt = event.at;
    },
    ContestCreated: (event, batch) => {
      this.delta(batch, event.ownerId).contests += 1;
    },
    EntrySubmitted: (event, batch) => {
      this.delta(batch, event.authorId).entries += 1;
    },
    // A flip replaces a vote; only new votes count as cast.
    VoteCast: (event, batch) => {
      if (event.previousValue === null) this.delta(batch, event.voterId).votes += 1;
    },
    CommentAdded: (event, batch) => {
      this.delta(batch, event.authorId).comments += 1;
    },
    LoginFailed: 'ignored',
    LoginLockedOut: 'ignored',
    UserLoggedOut: 'ignored',
    RoleGranted: 'ignored',
    ContestClosed: 'ignored',
    ContestRulesetChanged: 'ignored',
    EntryWithdrawn: 'ignored',
    VoteRetracted: 'ignored',
    CommentDeleted: 'ignored',
    ViewRecorded: 'ignored',
    RulesetCreated: 'ignored',
    ReplayRequested: 'ignored',
    ProjectionRebuildRequested: 'ignored',
    DeadLetterRetried: 'ignored',
    DeadLetterSkipped: 'ignored',
  };

  async apply(tx: EntityManager, rows: readonly LogRow[]): Promise<void> {
    const registrations: Registration[] = [];
    const deltas = new Map<string, ActivityDelta>();
    for (const row of rows) {
      const batch: ActivityBatch = { row, registrations, deltas };
      for (const event of row.events) handleEvent(this.events, event, batch);
    }
    if (registrations.length > 0) await this.insertUsers(tx, registrations);
    if (deltas.size > 0) await this.addActivity(tx, deltas);
  }

  private delta({ deltas, row }: ActivityBatch, userId: string): ActivityDelta {
    const delta = deltas.get(userId) ?? {
      logins: 0,
      contests: 0,
      entries: 0,
      votes: 0,
      comments: 0,
      lastLoginAt: null,
      position: 0,
    };
    delta.position = Math.max(delta.position, row.position);
    deltas.set(userId, delta);
    return delta;
  }

  private async insertUsers(tx: EntityManager, users: readonly Registration[]): Promise<void> {
    await tx.query(
      `INSERT INTO view_user_activity (user_id, username, display_name, registered_at, last_position)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[])
       ON CONFLICT (user_id) DO NOTHING`,
      [
        users.map((u) => u.userId),
        users.map((u) => u.username),
        users.map((u) => u.displayName),
        users.map((u) => u.registeredAt),
        users.map((u) => u.position),
      ],
    );
  }

  private async addActivity(
    tx: EntityManager,
    deltas: ReadonlyMap<string, ActivityDelta>,
  ): Promise<void> {
    const entries = [...deltas.entries()];
    await tx.query(
      `UPDATE view_user_activity v
       SET logins = v.logins + d.logins,
           contests_created = v.contests_created + d.contests,
           entries_submitted = v.entries_submitted + d.entries,
           votes_cast = v.votes_cast + d.votes,
           comments_written = v.comments_written + d.comments,
           last_login_at = GREATEST(v.last_login_at, d.last_login_at),
           last_position = GREATEST(v.last_position, d.position)
       FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::bigint[], $5::int[], $6::int[], $7::int[], $8::int[])
         AS d(user_id, logins, last_login_at, position, contests, entries, votes, comments)
       WHERE v.user_id = d.user_id`,
      [
        entries.map(([userId]) => userId),
        entries.map(([, d]) => d.logins),
        entries.map(([, d]) => d.lastLoginAt),
        entries.map(([, d]) => d.position),
        entries.map(([, d]) => d.contests),
        entries.map(([, d]) => d.entries),
        entries.map(([, d]) => d.votes),
        entries.map(([, d]) => d.comments),
      ],
    );
  }
}
