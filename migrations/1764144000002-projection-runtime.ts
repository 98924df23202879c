import { MigrationInterface, QueryRunner } from 'typeorm';

/** Checkpoints and dead letters of the projectors, and the first view: user activity. */
export class ProjectionRuntime1764144000002 implements MigrationInterface {
  name = 'ProjectionRuntime1764144000002';

  async up(q: QueryRunner): Promise<void> {
    // The checkpoint is the (tx_id, position) of the last row applied, in the order projectors
    // read the log; high_position is the largest position applied (X-Projection-Position).
    // `status` is running, halted (by a poison row under the halt policy) or rebuilding.
    await q.query(`
      CREATE TABLE projection_checkpoints (
        projection     text        PRIMARY KEY,
        version        integer     NOT NULL,
        last_tx_id     xid8        NOT NULL DEFAULT '0'::xid8,
        last_position  bigint      NOT NULL DEFAULT 0,
        high_position  bigint      NOT NULL DEFAULT 0,
        applied_count  bigint      NOT NULL DEFAULT 0,
        status         text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'halted', 'rebuilding')),
        last_error     text,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE projection_dead_letters (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        projection   text        NOT NULL,
        position     bigint      NOT NULL,
        tx_id        xid8        NOT NULL,
        command_id   uuid        NOT NULL,
        error        text        NOT NULL,
        stack        text,
        attempts     integer     NOT NULL,
        status       text        NOT NULL CHECK (status IN ('parked', 'retried', 'skipped')),
        parked_at    timestamptz NOT NULL DEFAULT now(),
        resolved_at  timestamptz,
        UNIQUE (projection, position)
      )`);
    await q.query(`
      CREATE TABLE view_user_activity (
        user_id            uuid        PRIMARY KEY,
        username           text        NOT NULL,
        display_name       text        NOT NULL,
        registered_at      timestamptz NOT NULL,
        contests_created   integer     NOT NULL DEFAULT 0,
        entries_submitted  integer     NOT NULL DEFAULT 0,
        votes_cast         integer     NOT NULL DEFAULT 0,
        comments_written   integer     NOT NULL DEFAULT 0,
        logins             integer     NOT NULL DEFAULT 0,
        last_login_at      timestamptz,
        last_position      bigint      NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE view_user_activity`);
    await q.query(`DROP TABLE projection_dead_letters`);
    await q.query(`DROP TABLE projection_checkpoints`);
  }
}
