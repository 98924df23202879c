import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decision state of the contest deciders (the write model): rulesets, contests, entries, the
 * current vote of each (entry, voter) pair, and comments. Updated in each command's
 * transaction; everything here can be rebuilt from the command log.
 */
export class ContestState1764144000003 implements MigrationInterface {
  name = 'ContestState1764144000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rulesets (
        ruleset_id   text        PRIMARY KEY,
        name         text        NOT NULL,
        hash         text        NOT NULL UNIQUE,
        definition   jsonb       NOT NULL,
        builtin      boolean     NOT NULL DEFAULT false,
        created_by   text,
        created_at   timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE contests (
        contest_id            uuid        PRIMARY KEY,
        owner_id              uuid        NOT NULL,
        submissions_close_at  timestamptz NOT NULL,
        voting_opens_at       timestamptz NOT NULL,
        voting_closes_at      timestamptz NOT NULL,
        closed_at             timestamptz,
        ruleset_id            text        NOT NULL,
        acceptance            jsonb       NOT NULL
      )`);
    // Finalization sweeps look for contests past their close time and not yet closed.
    await q.query(
      `CREATE INDEX contests_to_finalize ON contests (voting_closes_at) WHERE closed_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE entries (
        entry_id    uuid    PRIMARY KEY,
        contest_id  uuid    NOT NULL REFERENCES contests (contest_id),
        author_id   uuid    NOT NULL,
        withdrawn   boolean NOT NULL DEFAULT false
      )`);
    await q.query(
      `CREATE INDEX entries_by_author ON entries (contest_id, author_id) WHERE NOT withdrawn`,
    );
    await q.query(`
      CREATE TABLE votes (
        entry_id    uuid     NOT NULL REFERENCES entries (entry_id),
        voter_id    uuid     NOT NULL,
        contest_id  uuid     NOT NULL,
        value       smallint NOT NULL CHECK (value IN (-1, 1)),
        PRIMARY KEY (entry_id, voter_id)
      )`);
    await q.query(`CREATE INDEX votes_by_voter ON votes (contest_id, voter_id)`);
    await q.query(`
      CREATE TABLE comments (
        comment_id  uuid    PRIMARY KEY,
        entry_id    uuid    NOT NULL REFERENCES entries (entry_id),
        contest_id  uuid    NOT NULL,
        author_id   uuid    NOT NULL,
        deleted     boolean NOT NULL DEFAULT false
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['comments', 'votes', 'entries', 'contests', 'rulesets']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
