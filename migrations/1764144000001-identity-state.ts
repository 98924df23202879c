import { MigrationInterface, QueryRunner } from 'typeorm';

/** Decision state of the identity deciders: accounts and the login lockout throttle. */
export class IdentityState1764144000001 implements MigrationInterface {
  name = 'IdentityState1764144000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        user_id        uuid        PRIMARY KEY,
        username       text        NOT NULL UNIQUE,
        email          text        NOT NULL UNIQUE,
        display_name   text        NOT NULL,
        roles          text[]      NOT NULL DEFAULT ARRAY['user'],
        registered_at  timestamptz NOT NULL
      )`);
    // Password hashes live apart from the account so that views and analysts never see them.
    await q.query(`
      CREATE TABLE user_credentials (
        user_id        uuid PRIMARY KEY REFERENCES users (user_id),
        password_hash  text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE login_throttles (
        username      text          PRIMARY KEY,
        failures      timestamptz[] NOT NULL DEFAULT '{}',
        locked_until  timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_throttles`);
    await q.query(`DROP TABLE user_credentials`);
    await q.query(`DROP TABLE users`);
  }
}
