import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /audit/commands pages in the log's gap-safe order, (tx_id, position). An equality filter
 * with that order needs an index ending in it, or Postgres walks the whole log to fill a page
 * (bench:audit: p95 of 527 ms at 1M rows without these).
 */
export class AuditOrderIndexes1764144000008 implements MigrationInterface {
  name = 'AuditOrderIndexes1764144000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX command_log_status_order ON command_log (status, tx_id, position)`);
    await q.query(`CREATE INDEX command_log_type_order ON command_log (type, tx_id, position)`);
    await q.query(
      `CREATE INDEX command_log_actor_order ON command_log (actor_id, tx_id, position)`,
    );
    await q.query(
      `CREATE INDEX command_log_code_order ON command_log (rejection_code, tx_id, position) WHERE status = 'rejected'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'command_log_status_order',
      'command_log_type_order',
      'command_log_actor_order',
      'command_log_code_order',
    ]) {
      await q.query(`DROP INDEX ${index}`);
    }
  }
}
