import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The edge's state when REDIS_URL is unset (issue 9): sessions and rate-limit windows in
 * Postgres. With Redis configured both tables stay empty.
 *
 * A session row holds the SHA-256 of its bearer token, never the token, so a dump of the
 * table opens nothing. A logout sets revoked_at; a role grant updates the user's open rows;
 * expired and long-revoked rows are swept by the API. Rate-limit windows are counters of
 * commands per actor (or address) and minute; the table is UNLOGGED: a crash empties it,
 * which only restarts the windows, and counting writes no WAL. Neither table is shown to
 * analysts.
 */
export class Sessions1764144000010 implements MigrationInterface {
  name = 'Sessions1764144000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        token_digest  bytea       PRIMARY KEY CHECK (octet_length(token_digest) = 32),
        user_id       uuid        NOT NULL,
        username      text        NOT NULL,
        roles         text[]      NOT NULL,
        opened_at     timestamptz NOT NULL,
        expires_at    timestamptz NOT NULL,
        revoked_at    timestamptz
      )`);
    // A role grant finds the user's open sessions; the sweep finds the expired ones.
    await q.query(
      `CREATE INDEX sessions_open_by_user ON sessions (user_id) WHERE revoked_at IS NULL`,
    );
    await q.query(`CREATE INDEX sessions_by_expiry ON sessions (expires_at)`);
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_windows (
        actor_key  text        NOT NULL,
        minute     timestamptz NOT NULL,
        used       integer     NOT NULL,
        PRIMARY KEY (actor_key, minute)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_windows`);
    await q.query(`DROP TABLE sessions`);
  }
}
