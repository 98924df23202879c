import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit-hours view: per hour of receivedAt, the range of transaction ids its commands
 * were written in, and the rejections counted by type and code. Audit pages turn a time
 * filter into a range of the log's reading order with it, and the rejection summary adds up
 * hours instead of rows. With time filters served that way, the (column, received_at)
 * indexes no longer serve any query; dropping them spares every append three index writes.
 * One index is added: type and code together over rejected rows, the combination analysts
 * filter refusals by.
 */
export class AuditHours1764144000009 implements MigrationInterface {
  name = 'AuditHours1764144000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE view_audit_hours (
        hour         timestamptz PRIMARY KEY,
        first_tx_id  xid8        NOT NULL,
        last_tx_id   xid8        NOT NULL,
        commands     bigint      NOT NULL
      )`);
    await q.query(`
      CREATE TABLE view_audit_rejections_hourly (
        hour   timestamptz NOT NULL,
        type   text        NOT NULL,
        code   text        NOT NULL,
        count  bigint      NOT NULL,
        PRIMARY KEY (hour, type, code)
      )`);
    await q.query(
      `CREATE INDEX command_log_rejected_type_code_order ON command_log (type, rejection_code, tx_id, position)
       WHERE status = 'rejected'`,
    );
    for (const index of [
      'command_log_type_time',
      'command_log_code_time',
      'command_log_actor_time',
    ])
      await q.query(`DROP INDEX ${index}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX command_log_type_time ON command_log (type, received_at, position)`,
    );
    await q.query(
      `CREATE INDEX command_log_code_time ON command_log (rejection_code, received_at, position)
       WHERE status = 'rejected'`,
    );
    await q.query(
      `CREATE INDEX command_log_actor_time ON command_log (actor_id, received_at, position)`,
    );
    await q.query(`DROP INDEX command_log_rejected_type_code_order`);
    await q.query(`DROP TABLE view_audit_rejections_hourly`);
    await q.query(`DROP TABLE view_audit_hours`);
  }
}
