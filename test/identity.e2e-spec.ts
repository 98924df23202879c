import { startTestApp, TestApp } from './support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_USERNAME: 'root_admin', ADMIN_PASSWORD: 'admin-password-123' });
  });
  afterAll(() => t?.close());

  it('boots', async () => {
    const res = await fetch(`${t.baseUrl}/health/ready`);
    console.log(res.status, await res.text());
    const reg = await fetch(`${t.baseUrl}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', email: 'alice@example.com', password: 'correct horse battery' }),
    });
    console.log(reg.status, [...reg.headers.entries()], await reg.text());
    const bad = await fetch(`${t.baseUrl}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": ',
    });
    console.log(bad.status, [...bad.headers.entries()], await bad.text());
    const nf = await fetch(`${t.baseUrl}/nope`, { method: 'POST' });
    console.log(nf.status, await nf.text());
    const rows = await t.dataSource.query('select position, type, status, rejection_code, payload, tx_id::text from command_log');
    console.log(JSON.stringify(rows, null, 1));
    console.log(t.logLines.slice(0, 30).join('\n'));
  });
});
