import { Injectable } from '@nestjs/common';
import {
  AcceptancePolicy,
  ContestEvent,
  ContestState,
  emptyContestState,
  inContest,
  pairKey,
} from '@contest/domain';
import { EntityManager } from 'typeorm';

/** Which slice of the contest decision state one command needs. */
export interface ContestStateKeys {
  readonly contestId?: string;
  readonly entryId?: string;
  readonly commentId?: string;
  /** The acting user: account, votes and entries in the contest. */
  readonly userId?: string;
  readonly rulesetId?: string;
}

const MAX_REMEMBERED_REFS = 200_000;

/**
 * The Postgres side of the contest decision state: loads a slice into the same ContestState
 * shape replays keep in memory, and writes back what each event changes (mirroring
 * evolveContest, which the replay parity tests hold it to).
 */
@Injectable()
export class ContestStateRepository {
  /** Entry and comment ids to their contests, as found: an entry never changes contest. */
  private readonly contestByRef = new Map<string, string>();

  /**
   * The contest a command addresses through an entry or a comment. Remembered once found, so
   * a vote costs no query before it joins its contest's batch; an id not found yet (it may be
   * created later) is asked again next time.
   */
  async contestOf(
    tx: EntityManager,
    ref: { entryId?: string; commentId?: string },
  ): Promise<string | null> {
    const key = ref.entryId ? `entry:${ref.entryId}` : `comment:${ref.commentId}`;
    const known = this.contestByRef.get(key);
    if (known !== undefined) return known;
    const rows: { contest_id: string }[] = ref.entryId
      ? await tx.query(`SELECT contest_id FROM entries WHERE entry_id = $1`, [ref.entryId])
      : await tx.query(`SELECT contest_id FROM comments WHERE comment_id = $1`, [ref.commentId]);
    const contestId = rows[0]?.contest_id ?? null;
    if (contestId !== null) {
      if (this.contestByRef.size >= MAX_REMEMBERED_REFS) this.contestByRef.clear();
      this.contestByRef.set(key, contestId);
    }
    return contestId;
  }

  /** The rulesets a batch of CreateContest / ChangeContestRuleset commands names. */
  private async loadRuleset(
    tx: EntityManager,
    state: ContestState,
    rulesetId: string,
  ): Promise<void> {
    const rows: {
      ruleset_id: string;
      name: string;
      hash: string;
      definition: RulesetDefinition;
    }[] = await tx.query(
      `SELECT ruleset_id, name, hash, definition FROM rulesets WHERE ruleset_id = $1`,
      [rulesetId],
    );
    for (const row of rows) {
      state.rulesets.set(row.ruleset_id, {
        rulesetId: row.ruleset_id,
        name: row.name,
        hash: row.hash,
        acceptance: row.definition.acceptance,
        scoring: row.definition.scoring,
      });
    }
  }

  /**
   * The union of many commands' slices of one contest, in a fixed number of queries: what a
   * micro-batch of that contest's commands is decided against, one after another.
   */
  async loadMany(
    tx: EntityManager,
    contestId: string | undefined,
    keys: readonly ContestStateKeys[],
  ): Promise<ContestState> {
    const state = emptyContestState();
    const unique = (pick: (k: ContestStateKeys) => string | undefined) => [
      ...new Set(keys.map(pick).filter((v): v is string => !!v)),
    ];
    const rulesetIds = unique((k) => k.rulesetId);
    for (const rulesetId of rulesetIds) await this.loadRuleset(tx, state, rulesetId);
    const contestIds = unique((k) => k.contestId);
    if (contestId) contestIds.push(contestId);
    const userIds = unique((k) => k.userId);
    const pairs = keys.filter((k) => k.entryId && k.userId);
    // One round trip for the whole slice: a batch's latency is mostly round trips.
    const [slice]: [BatchSlice] = await tx.query(
      `SELECT
         (SELECT coalesce(json_agg(c), '[]') FROM contests c WHERE contest_id = ANY($1::uuid[])) AS contests,
         (SELECT coalesce(json_agg(e), '[]') FROM entries e WHERE entry_id = ANY($2::uuid[])) AS entries,
         (SELECT coalesce(json_agg(k), '[]') FROM comments k WHERE comment_id = ANY($3::uuid[])) AS comments,
         (SELECT coalesce(json_agg(json_build_object('user_id', user_id, 'display_name', display_name,
                   'registered_at', registered_at)), '[]') FROM users WHERE user_id = ANY($4::uuid[])) AS accounts,
         (SELECT coalesce(json_agg(v), '[]') FROM (
            SELECT v.entry_id, v.voter_id, v.value FROM votes v
            JOIN unnest($5::uuid[], $6::uuid[]) AS p(entry_id, voter_id) USING (entry_id, voter_id)) v) AS votes,
         (SELECT coalesce(json_agg(a), '[]') FROM (
            SELECT voter_id, count(*)::int AS n FROM votes
            WHERE contest_id = $7 AND voter_id = ANY($4::uuid[]) GROUP BY voter_id) a) AS active,
         (SELECT coalesce(json_agg(l), '[]') FROM (
            SELECT author_id, count(*)::int AS n FROM entries
            WHERE contest_id = $7 AND author_id = ANY($4::uuid[]) AND NOT withdrawn GROUP BY author_id) l) AS live`,
      [
        contestIds,
        unique((k) => k.entryId),
        unique((k) => k.commentId),
        userIds,
        pairs.map((k) => k.entryId),
        pairs.map((k) => k.userId),
        contestId ?? null,
      ],
    );
    for (const row of slice.contests) state.contests.set(row.contest_id, toContest(withDates(row)));
    for (const row of slice.entries) state.entries.set(row.entry_id, toEntry(row));
    for (const row of slice.comments) {
      state.comments.set(row.comment_id, {
        commentId: row.comment_id,
        entryId: row.entry_id,
        contestId: row.contest_id,
        authorId: row.author_id,
        deleted: row.deleted,
      });
    }
    for (const a of slice.accounts) {
      const registeredAt = new Date(a.registered_at).toISOString();
      state.accounts.set(a.user_id, {
        userId: a.user_id,
        displayName: a.display_name,
        registeredAt,
      });
    }
    if (!contestId) return state;
    for (const v of slice.votes)
      state.votes.set(pairKey(v.entry_id, v.voter_id), v.value as 1 | -1);
    for (const a of slice.active) state.activeVotes.set(inContest(contestId, a.voter_id), a.n);
    for (const l of slice.live) state.liveEntries.set(inContest(contestId, l.author_id), l.n);
    return state;
  }

  /**
   * Writes a batch's events: votes as the final state of each pair they touched (one upsert
   * and one delete for the whole batch), everything else event by event.
   */
  async saveBatch(
    tx: EntityManager,
    events: readonly ContestEvent[],
    after: ContestState,
  ): Promise<void> {
    const pairs = new Map<string, { entryId: string; voterId: string; contestId: string }>();
    const others: ContestEvent[] = [];
    for (const event of events) {
      if (event.type === 'VoteCast' || event.type === 'VoteRetracted') {
        pairs.set(pairKey(event.entryId, event.voterId), {
          entryId: event.entryId,
          voterId: event.voterId,
          contestId: event.contestId,
        });
      } else {
        others.push(event);
      }
    }
    // Entries and contests first: votes reference entries.
    await this.save(tx, others);
    const upserts = [...pairs.entries()].filter(([key]) => after.votes.has(key));
    const deletes = [...pairs.entries()].filter(([key]) => !after.votes.has(key));
    if (upserts.length > 0) {
      await tx.query(
        `INSERT INTO votes (entry_id, voter_id, contest_id, value)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::smallint[])
         ON CONFLICT (entry_id, voter_id) DO UPDATE SET value = EXCLUDED.value`,
        [
          upserts.map(([, p]) => p.entryId),
          upserts.map(([, p]) => p.voterId),
          upserts.map(([, p]) => p.contestId),
          upserts.map(([key]) => after.votes.get(key)),
        ],
      );
    }
    if (deletes.length > 0) {
      await tx.query(
        `DELETE FROM votes v USING unnest($1::uuid[], $2::uuid[]) AS d(entry_id, voter_id)
         WHERE v.entry_id = d.entry_id AND v.voter_id = d.voter_id`,
        [deletes.map(([, p]) => p.entryId), deletes.map(([, p]) => p.voterId)],
      );
    }
  }

  async save(tx: EntityManager, events: readonly ContestEvent[]): Promise<void> {
    for (const event of events) await this.apply(tx, event);
  }

  private async apply(tx: EntityManager, event: ContestEvent): Promise<void> {
    switch (event.type) {
      case 'ContestCreated':
        await tx.query(
          `INSERT INTO contests (contest_id, owner_id, submissions_close_at, voting_opens_at, voting_closes_at, ruleset_id, acceptance)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            event.contestId,
            event.ownerId,
            event.submissionsCloseAt,
            event.votingOpensAt,
            event.votingClosesAt,
            event.rulesetId,
            JSON.stringify(event.acceptance),
          ],
        );
        return;
      case 'ContestClosed':
        await tx.query(`UPDATE contests SET closed_at = $2, finalized = $3 WHERE contest_id = $1`, [
          event.contestId,
          event.closedAt,
          event.reason === 'finalized',
        ]);
        return;
      case 'EntrySubmitted':
        await tx.query(
          `INSERT INTO entries (entry_id, contest_id, author_id) VALUES ($1, $2, $3)`,
          [event.entryId, event.contestId, event.authorId],
        );
        return;
      case 'EntryWithdrawn':
        await tx.query(`UPDATE entries SET withdrawn = true WHERE entry_id = $1`, [event.entryId]);
        return;
      case 'VoteCast':
        await tx.query(
          `INSERT INTO votes (entry_id, voter_id, contest_id, value) VALUES ($1, $2, $3, $4)
           ON CONFLICT (entry_id, voter_id) DO UPDATE SET value = EXCLUDED.value`,
          [event.entryId, event.voterId, event.contestId, event.value],
        );
        return;
      case 'VoteRetracted':
        await tx.query(`DELETE FROM votes WHERE entry_id = $1 AND voter_id = $2`, [
          event.entryId,
          event.voterId,
        ]);
        return;
      case 'CommentAdded':
        await tx.query(
          `INSERT INTO comments (comment_id, entry_id, contest_id, author_id) VALUES ($1, $2, $3, $4)`,
          [event.commentId, event.entryId, event.contestId, event.authorId],
        );
        return;
      case 'CommentDeleted':
        await tx.query(`UPDATE comments SET deleted = true WHERE comment_id = $1`, [
          event.commentId,
        ]);
        return;
      case 'ViewRecorded':
        return; // views change no decision
      case 'ContestRulesetChanged':
        await tx.query(
          `UPDATE contests SET ruleset_id = $2, acceptance = $3 WHERE contest_id = $1`,
          [event.contestId, event.ruleset.rulesetId, JSON.stringify(event.acceptance)],
        );
        return;
    }
  }
}

/** A stored ruleset definition: validated and defaulted by the ranking engine. */
interface RulesetDefinition {
  acceptance: AcceptancePolicy;
  scoring: Record<string, unknown>;
}

interface ContestRow {
  contest_id: string;
  owner_id: string;
  submissions_close_at: Date;
  voting_opens_at: Date;
  voting_closes_at: Date;
  closed_at: Date | null;
  finalized: boolean;
  ruleset_id: string;
  acceptance: AcceptancePolicy;
}
interface EntryRow {
  entry_id: string;
  contest_id: string;
  author_id: string;
  withdrawn: boolean;
}
/** The JSON a batch's one load query returns (timestamps come back as strings). */
interface BatchSlice {
  contests: (Omit<
    ContestRow,
    'submissions_close_at' | 'voting_opens_at' | 'voting_closes_at' | 'closed_at'
  > & {
    submissions_close_at: string;
    voting_opens_at: string;
    voting_closes_at: string;
    closed_at: string | null;
  })[];
  entries: EntryRow[];
  comments: CommentRow[];
  accounts: { user_id: string; display_name: string; registered_at: string }[];
  votes: { entry_id: string; voter_id: string; value: number }[];
  active: { voter_id: string; n: number }[];
  live: { author_id: string; n: number }[];
}

function withDates(row: BatchSlice['contests'][number]): ContestRow {
  return {
    ...row,
    submissions_close_at: new Date(row.submissions_close_at),
    voting_opens_at: new Date(row.voting_opens_at),
    voting_closes_at: new Date(row.voting_closes_at),
    closed_at: row.closed_at === null ? null : new Date(row.closed_at),
  };
}
interface CommentRow {
  comment_id: string;
  entry_id: string;
  contest_id: string;
  author_id: string;
  deleted: boolean;
}

function toContest(row: ContestRow) {
  return {
    contestId: row.contest_id,
    ownerId: row.owner_id,
    submissionsCloseAt: row.submissions_close_at.toISOString(),
    votingOpensAt: row.voting_opens_at.toISOString(),
    votingClosesAt: row.voting_closes_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    finalized: row.finalized,
    rulesetId: row.ruleset_id,
    acceptance: row.acceptance,
  };
}

function toEntry(row: EntryRow) {
  return {
    entryId: row.entry_id,
    contestId: row.contest_id,
    authorId: row.author_id,
    withdrawn: row.withdrawn,
  };
}
