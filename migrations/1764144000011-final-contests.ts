import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Final means final (issue 11): the deciders refuse every command on a finalized contest, so
 * its decision state says whether FinalizeContest was decided, not only when it closed. A
 * database that has finalized contests already learns which from the log's ContestClosed
 * events.
 */
export class FinalContests1764144000011 implements MigrationInterface {
  name = 'FinalContests1764144000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contests ADD COLUMN finalized boolean NOT NULL DEFAULT false`);
    await q.query(`
      UPDATE contests c SET finalized = true
      FROM command_log l, jsonb_array_elements(l.events) e
      WHERE l.status = 'accepted'
        AND e->>'type' = 'ContestClosed'
        AND e->>'reason' = 'finalized'
        AND (e->>'contestId')::uuid = c.contest_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contests DROP COLUMN finalized`);
  }
}
