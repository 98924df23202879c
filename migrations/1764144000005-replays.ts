import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What-if replays: requested by a logged command, run as BullMQ jobs, their progress and
 * result stored here. The result and `done` are written by one statement, so a replay that
 * dies half way never reads as done.
 */
export class Replays1764144000005 implements MigrationInterface {
  name = 'Replays1764144000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE replays (
        replay_id     uuid        PRIMARY KEY,
        contest_id    uuid        NOT NULL,
        ruleset       jsonb,
        as_of         timestamptz,
        status        text        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        processed     bigint      NOT NULL DEFAULT 0,
        total         bigint      NOT NULL DEFAULT 0,
        attempts      integer     NOT NULL DEFAULT 0,
        result        jsonb,
        stats         jsonb,
        error         text,
        requested_by  text        NOT NULL,
        created_at    timestamptz NOT NULL,
        started_at    timestamptz,
        finished_at   timestamptz
      )`);
    await q.query(
      `CREATE INDEX replays_unfinished ON replays (created_at) WHERE status IN ('queued', 'running')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE replays`);
  }
}
