import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The command log: every command that reached the API, accepted or rejected, in one
 * append-only table. `tx_id` is the writing transaction's id, which projectors compare with
 * their snapshot's xmin to read gap-safely (docs/DESIGN.md invariant 6).
 */
export class CommandLog1764144000000 implements MigrationInterface {
  name = 'CommandLog1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE command_log (
        position          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        command_id        uuid        NOT NULL,
        type              text        NOT NULL,
        actor_id          text,
        stream_key        text        NOT NULL,
        payload           jsonb       NOT NULL,
        metadata          jsonb       NOT NULL,
        received_at       timestamptz NOT NULL,
        recorded_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        status            text        NOT NULL CHECK (status IN ('accepted', 'rejected')),
        rejection_code    text,
        rejection_detail  text,
        http_status       smallint    NOT NULL,
        events            jsonb       NOT NULL DEFAULT '[]'::jsonb,
        tx_id             xid8        NOT NULL DEFAULT pg_current_xact_id(),
        CONSTRAINT command_log_command_id_key UNIQUE (command_id),
        CONSTRAINT command_log_rejection_has_code
          CHECK ((status = 'rejected') = (rejection_code IS NOT NULL))
      )`);
    // Projectors read in (tx_id, position) order after their checkpoint.
    await q.query(`CREATE INDEX command_log_tx_order ON command_log (tx_id, position)`);
    // Audit queries: by status and time, by type, by code, by actor, by stream.
    await q.query(
      `CREATE INDEX command_log_status_time ON command_log (status, received_at, position)`,
    );
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
    await q.query(`CREATE INDEX command_log_stream ON command_log (stream_key, position)`);
    // The log is append-only: no role, the application's included, may rewrite history.
    await q.query(`
      CREATE FUNCTION command_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'command_log is append-only (% refused)', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER command_log_append_only BEFORE UPDATE OR DELETE ON command_log
      FOR EACH ROW EXECUTE FUNCTION command_log_is_append_only()`);

    // Idempotency-Key: the first reply of (actor, key), kept for 24 hours.
    await q.query(`
      CREATE TABLE idempotency_replies (
        actor_key    text        NOT NULL,
        key          text        NOT NULL,
        command_id   uuid        NOT NULL,
        http_status  smallint,
        body         jsonb,
        created_at   timestamptz NOT NULL,
        PRIMARY KEY (actor_key, key)
      )`);
    await q.query(`CREATE INDEX idempotency_replies_created ON idempotency_replies (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_replies`);
    await q.query(`DROP TRIGGER command_log_append_only ON command_log`);
    await q.query(`DROP FUNCTION command_log_is_append_only()`);
    await q.query(`DROP TABLE command_log`);
  }
}
