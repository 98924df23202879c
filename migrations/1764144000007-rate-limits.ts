import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flood-control refusals (429) are counted per actor and minute, not logged one by one
 * (docs/DESIGN.md invariant 2), so a flood cannot fill the disk. Analysts can read the counts.
 */
export class RateLimits1764144000007 implements MigrationInterface {
  name = 'RateLimits1764144000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_refusals (
        actor_key  text        NOT NULL,
        minute     timestamptz NOT NULL,
        refused    integer     NOT NULL,
        PRIMARY KEY (actor_key, minute)
      )`);
    await q.query(`
      DO $$ BEGIN
        GRANT SELECT ON rate_limit_refusals TO contest_analyst;
      EXCEPTION WHEN undefined_object OR insufficient_privilege THEN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_refusals`);
  }
}
