import { DemoSeed } from '../src/demo/seed-when-empty';
import { http } from '@contest/testing';
import { replayWholeLog, startTestApp } from '@contest/testing/app';

describe('demo data on an empty database', () => {
  it('writes a demo history through the command path once; a full re-decision reproduces it', async () => {
    const t = await startTestApp({
      SEED_DEMO: 'true',
      ADMIN_USERNAME: 'demo_admin',
      ADMIN_PASSWORD: 'demo-admin-password',
    });
    try {
      const byType: { type: string; status: string; n: number }[] = await t.dataSource.query(
        `SELECT type, status, count(*)::int AS n FROM command_log WHERE metadata->>'userAgent' = 'seed' GROUP BY 1, 2`,
      );
      const count = (type: string, status = 'accepted') =>
        byType.find((r) => r.type === type && r.status === status)?.n ?? 0;
      expect(count('RegisterUser')).toBe(16);
      expect(count('CreateContest')).toBe(4);
      expect(count('SubmitEntry')).toBeGreaterThanOrEqual(16);
      expect(count('CastVote')).toBeGreaterThan(100);
      expect(count('AddComment')).toBe(40);
      expect(count('RecordView')).toBeGreaterThan(300);
      const codes: { code: string }[] = await t.dataSource.query(
        `SELECT DISTINCT rejection_code AS code FROM command_log WHERE status = 'rejected'`,
      );
      expect(codes.map((c) => c.code)).toEqual(
        expect.arrayContaining([
          'INVALID_CREDENTIALS',
          'SELF_VOTE_FORBIDDEN',
          'ALREADY_SUBMITTED',
          'VOTING_CLOSED',
        ]),
      );

      const login = await http(t.baseUrl, 'POST', '/auth/login', {
        body: { username: 'maya_bikes', password: 'demo-password-123' },
      });
      expect(login.status).toBe(200);

      const { outcomes } = await replayWholeLog(t.dataSource);
      expect(
        outcomes.filter(
          (o) => o.recorded.status !== o.replayed.status || o.recorded.code !== o.replayed.code,
        ),
      ).toEqual([]);

      // Every read route answers with its defaults, and the contest list pages without gaps.
      const [{ head }] = await t.dataSource.query(
        `SELECT max(position)::int AS head FROM command_log`,
      );
      const first = await http(
        t.baseUrl,
        'GET',
        `/contests?limit=3&minPosition=${head}&waitMs=5000`,
      );
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(3);
      const second = await http(
        t.baseUrl,
        'GET',
        `/contests?limit=3&cursor=${first.body.nextCursor}`,
      );
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const ids = [...first.body.items, ...second.body.items].map(
        (c: { contestId: string }) => c.contestId,
      );
      expect(new Set(ids).size).toBe(4);
      const [{ entry_id, contest_id }] = await t.dataSource.query(
        `SELECT entry_id, contest_id FROM entries LIMIT 1`,
      );
      const [{ user_id }] = await t.dataSource.query(`SELECT user_id FROM users LIMIT 1`);
      for (const path of [
        '/contests',
        `/contests/${contest_id}`,
        `/contests/${contest_id}/standings`,
        `/contests/${contest_id}/standings`, // served from the micro-cache the second time
        `/entries/${entry_id}`,
        `/entries/${entry_id}/comments`,
        `/users/${user_id}`,
      ]) {
        const reply = await http(t.baseUrl, 'GET', path);
        expect({ path, status: reply.status }).toEqual({ path, status: 200 });
        expect(Number(reply.headers.get('x-projection-position'))).toBeGreaterThan(0);
      }

      await t.app.get(DemoSeed).seedIfEmpty();
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM users`);
      expect(n).toBe(17); // sixteen seeded users and the admin; a second run adds nothing
    } finally {
      await t.close();
    }
  });
});
