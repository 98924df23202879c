import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Past replays, listed newest first (GET /admin/replays), all of them or one contest's: each
 * list reads its page from an index in that order instead of sorting the whole table.
 */
export class ReplayHistory1764144000012 implements MigrationInterface {
  name = 'ReplayHistory1764144000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX replays_newest ON replays (created_at DESC, replay_id DESC)`);
    await q.query(
      `CREATE INDEX replays_of_contest ON replays (contest_id, created_at DESC, replay_id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX replays_of_contest`);
    await q.query(`DROP INDEX replays_newest`);
  }
}
