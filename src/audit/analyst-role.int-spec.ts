import { openTestDataSource, TestDataSource, appendRow } from '@contest/testing';

describe('the read-only analyst role (Postgres)', () => {
  let t: TestDataSource;

  beforeAll(async () => {
    t = await openTestDataSource(2);
    await appendRow(t.dataSource, 'username:x');
  });
  afterAll(() => t.close());

  /** Runs a statement as contest_analyst, in a transaction that is always rolled back. */
  const asAnalyst = (sql: string) =>
    t.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE contest_analyst');
      return tx.query(sql);
    });

  it('reads the audit views', async () => {
    expect(await asAnalyst('SELECT count(*)::int AS n FROM audit_commands')).toEqual([{ n: 1 }]);
    await expect(asAnalyst('SELECT * FROM audit_rejections_hourly')).resolves.toEqual([]);
    await expect(asAnalyst('SELECT * FROM audit_failed_logins')).resolves.toEqual([]);
  });

  it('cannot read password hashes, decision state, or the log table itself', async () => {
    for (const table of ['user_credentials', 'users', 'command_log', 'idempotency_replies']) {
      await expect(asAnalyst(`SELECT * FROM ${table} LIMIT 1`)).rejects.toThrow(
        /permission denied/,
      );
    }
  });

  it('cannot write', async () => {
    await expect(asAnalyst(`DELETE FROM audit_commands`)).rejects.toThrow(/permission denied/);
    await expect(
      asAnalyst(
        `INSERT INTO user_credentials (user_id, password_hash) VALUES (gen_random_uuid(), 'x')`,
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
