import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { http, signUp } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';
import { artifactsDir, launchChromium } from '@contest/testing/browser/chromium';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildConsole } = require('../scripts/build-console.js') as {
  buildConsole: () => Promise<unknown>;
};

/** Where the console keeps its token: in this tab only. */
const TOKEN_IN_TAB = "sessionStorage.getItem('contest-console-token')";

const ADMIN = { username: 'console_admin', password: 'console-admin-password' };

/** The staff console in a real browser (Debian's Chromium, driven by Playwright). */
describe('the staff console at /console, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  const shots = artifactsDir('console');

  beforeAll(async () => {
    await buildConsole(); // npm run build does it too; the suite does not depend on the order
    t = await startTestApp({ ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(username: string, password: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${t.baseUrl}/console`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  it('serves the page under a strict Content-Security-Policy, with no inline script', async () => {
    const page = await http(t.baseUrl, 'GET', '/console');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.text).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('an admin signs in and sees Operations and Audit; the projections table is what the API says', async () => {
    const page = await signedIn(ADMIN.username, ADMIN.password);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'Operations' }).waitFor();
    await nav.getByRole('link', { name: 'Audit' }).waitFor();
    const projections = page.getByRole('table', { name: 'Projections' });
    await projections.waitFor();
    const login = await http(t.baseUrl, 'POST', '/auth/login', { body: ADMIN });
    const api = await http(t.baseUrl, 'GET', '/admin/projections', { token: login.body.token });
    const shown = await projections.locator('tbody tr td:first-child').allTextContents();
    expect(shown).toEqual(api.body.map((p: { name: string }) => p.name));
    await page.screenshot({ path: join(shots, 'operations.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('a rebuild started from the page, once confirmed, ends with the projection running and lag 0', async () => {
    const page = await signedIn(ADMIN.username, ADMIN.password);
    await page.getByRole('button', { name: 'Rebuild contest-list' }).click();
    await page.getByRole('button', { name: 'Yes, rebuild contest-list' }).click();
    await page.getByText(/Rebuild of contest-list started/).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'contest-list' });
    // The table is read again every few seconds: wait for the swapped-in version to catch up.
    let cells: string[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      cells = await row.locator('td').allTextContents();
      if (cells[1] === 'running' && cells[4] === '0') break;
      await page.waitForTimeout(500);
    }
    const [, status, checkpoint, head, lag] = cells;
    expect({ status, lag }).toEqual({ status: 'running', lag: '0' });
    expect(checkpoint).toBe(head);
    await page.close();
  }, 60_000);

  it('an analyst sees Audit with the failed logins the API reports, and no Operations', async () => {
    const analyst = await signUp(t.baseUrl, 'console_analyst');
    const login = await http(t.baseUrl, 'POST', '/auth/login', { body: ADMIN });
    await http(t.baseUrl, 'POST', `/admin/users/${analyst.userId}/roles`, {
      token: login.body.token,
      body: { role: 'analyst' },
    });
    await http(t.baseUrl, 'POST', '/auth/login', {
      body: { username: 'console_analyst', password: 'not-the-password' },
    });
    const page = await signedIn('console_analyst', 'console_analyst-password-123');
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await page.getByRole('table', { name: /Failed logins/ }).waitFor();
    expect(await nav.getByRole('link', { name: 'Operations' }).count()).toBe(0);
    const api = await http(t.baseUrl, 'GET', '/audit/failed-logins?from=2000-01-01', {
      token: analyst.token,
    });
    const rows = page.getByRole('table', { name: /Failed logins/ }).locator('tbody tr');
    expect(await rows.count()).toBe(api.body.items.length);
    expect(await rows.filter({ hasText: 'console_analyst' }).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'audit.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('a plain user is told the console is for staff, and sees no data', async () => {
    await signUp(t.baseUrl, 'console_user');
    const page = await signedIn('console_user', 'console_user-password-123');
    await page.getByRole('heading', { name: 'For staff only' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').count()).toBe(
      0,
    );
    await page.screenshot({ path: join(shots, 'plain-user.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('a wrong password is shown with its code and detail; signing out revokes the session', async () => {
    const page = await signedIn(ADMIN.username, 'wrong-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^INVALID_CREDENTIALS: .+/);

    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const token = await page.evaluate<string | null>(TOKEN_IN_TAB);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect((await http(t.baseUrl, 'GET', '/me', { token: token! })).status).toBe(401);
    expect(await page.evaluate<string | null>(TOKEN_IN_TAB)).toBeNull();
    await page.close();
  }, 60_000);
});
