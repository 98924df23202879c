import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SQL for analysts: documented views over the command log (docs/analysts.md) and a read-only
 * role that can read them and nothing else. Roles are cluster-wide, so the role is created
 * only if missing; analysts log in as users that are members of it.
 */
export class AnalystSql1764144000006 implements MigrationInterface {
  name = 'AnalystSql1764144000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW audit_commands AS
      SELECT position, command_id, type, actor_id, stream_key, status, rejection_code AS code,
             rejection_detail AS detail, http_status, received_at, payload, metadata,
             metadata->>'clientAddress' AS client_address, metadata->>'correlationId' AS correlation_id
      FROM command_log`);
    await q.query(`
      CREATE VIEW audit_rejections_hourly AS
      SELECT date_trunc('hour', received_at) AS hour, type, rejection_code AS code, count(*) AS rejections
      FROM command_log WHERE status = 'rejected'
      GROUP BY 1, 2, 3`);
    await q.query(`
      CREATE VIEW audit_failed_logins AS
      SELECT payload->>'username' AS username, count(*) AS failures,
             min(received_at) AS first_at, max(received_at) AS last_at,
             count(DISTINCT metadata->>'clientAddress') AS distinct_sources,
             bool_or(rejection_code = 'TOO_MANY_FAILED_LOGINS' OR events @> '[{"type":"LoginLockedOut"}]') AS locked_out
      FROM command_log WHERE type = 'LogIn' AND status = 'rejected'
      GROUP BY 1`);
    // A database user without CREATEROLE still migrates: the role is then left to the DBA
    // (docs/analysts.md), and everything else goes on.
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'contest_analyst') THEN
          CREATE ROLE contest_analyst NOLOGIN;
        END IF;
        REVOKE ALL ON ALL TABLES IN SCHEMA public FROM contest_analyst;
        GRANT USAGE ON SCHEMA public TO contest_analyst;
        GRANT SELECT ON audit_commands, audit_rejections_hourly, audit_failed_logins TO contest_analyst;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'contest_analyst not set up: this user may not create roles';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW audit_failed_logins`);
    await q.query(`DROP VIEW audit_rejections_hourly`);
    await q.query(`DROP VIEW audit_commands`);
    await q.query(`
      DO $$ BEGIN
        REVOKE USAGE ON SCHEMA public FROM contest_analyst;
      EXCEPTION WHEN undefined_object OR insufficient_privilege THEN NULL;
      END $$`);
  }
}
