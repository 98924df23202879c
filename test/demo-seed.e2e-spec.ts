import { http } from './support/http';
import { DemoSeed } from '../src/demo/demo-seed';
import { startTestApp } from './support/test-app';

describe('demo data on an empty database', () => {
  it('seeds demo users through the command path once, and they can log in', async () => {
    const t = await startTestApp({
      SEED_DEMO: 'true',
      ADMIN_USERNAME: 'demo_admin',
      ADMIN_PASSWORD: 'demo-admin-password',
    });
    try {
      const rows = await t.dataSource.query(
        `SELECT type, status, rejection_code FROM command_log WHERE metadata->>'userAgent' = 'demo-seed' ORDER BY position`,
      );
      expect(rows.filter((r: { type: string }) => r.type === 'RegisterUser')).toHaveLength(4);
      expect(
        rows.filter((r: { rejection_code: string }) => r.rejection_code === 'INVALID_CREDENTIALS'),
      ).toHaveLength(4);
      const login = await http(t.baseUrl, 'POST', '/auth/login', {
        body: { username: 'maya_bikes', password: 'demo-password-123' },
      });
      expect(login.status).toBe(200);

      await t.app.get(DemoSeed).seedIfEmpty();
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM users`);
      expect(n).toBe(5); // four demo users and the admin; a second run adds nothing
    } finally {
      await t.close();
    }
  });
});
