import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { http, inSeconds, signUp } from '@contest/testing';
import { flowContext, startTestApp, TestApp } from '@contest/testing/app';
import { artifactsDir, launchChromium } from '@contest/testing/browser/chromium';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildConsole } = require('../scripts/build-console.js') as {
  buildConsole: () => Promise<unknown>;
};

/** Where the console keeps its token: in this tab only. */
const TOKEN_IN_TAB = "sessionStorage.getItem('contest-console-token')";

/** The replay the page shows: the console keeps its id on the result for links and tests. */
const LAST_REPLAY_ID = "document.querySelector('[data-replay-id]')?.getAttribute('data-replay-id')";

/** The focused element's accessible name: its aria-label, else its text. */
const FOCUSED_NAME =
  "document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim()";

/**
 * What makes a page usable by people with assistive technology and by tests, checked in the
 * page: tables with a caption and header cells, charts as images with a title and a name,
 * named buttons and labelled fields, the landmarks. Evaluates to the problems found.
 */
const PAGE_PROBLEMS = `(() => {
  const problems = [];
  for (const table of document.querySelectorAll('table')) {
    if (!table.caption) problems.push('a table without a caption');
    if (!table.querySelector('thead th[scope=col]')) problems.push('a table without header cells');
  }
  for (const chart of document.querySelectorAll('svg')) {
    const named = chart.getAttribute('aria-labelledby') || chart.getAttribute('aria-label');
    if (chart.getAttribute('role') !== 'img' || !chart.querySelector(':scope > title') || !named)
      problems.push('a chart without role img, a title and a name');
  }
  for (const button of document.querySelectorAll('button'))
    if (!(button.getAttribute('aria-label') || button.textContent.trim()))
      problems.push('a button without a name');
  for (const field of document.querySelectorAll('input, select, textarea'))
    if (!field.closest('label') && !field.getAttribute('aria-label'))
      problems.push('a field without a label: ' + field.name);
  for (const clickable of document.querySelectorAll('[onclick], [role=button]'))
    problems.push('something clickable that is not a button: ' + clickable.outerHTML.slice(0, 60));
  for (const landmark of ['header', 'nav', 'main'])
    if (!document.querySelector(landmark)) problems.push('no ' + landmark);
  return problems;
})()`;

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

  /** A contest where an author voted for her own entry (refused live) and a fan voted. */
  async function contestWithASelfVote(title: string, prefix: string): Promise<string> {
    const [owner, author, rival, fan] = await Promise.all(
      ['owner', 'author', 'rival', 'fan'].map((name) => signUp(t.baseUrl, `${prefix}_${name}`)),
    );
    const created = await http(t.baseUrl, 'POST', '/contests', {
      token: owner.token,
      body: {
        title,
        category: 'music',
        submissionsCloseAt: inSeconds(600),
        votingClosesAt: inSeconds(1200),
      },
    });
    const entryOf = async (token: string, entryTitle: string) =>
      (
        await http(t.baseUrl, 'POST', `/contests/${created.body.contestId}/entries`, {
          token,
          body: { title: entryTitle, videoUrl: 'https://videos.example/duet.mp4' },
        })
      ).body.entryId as string;
    const own = await entryOf(author.token, 'Self-made duet');
    const other = await entryOf(rival.token, 'Rival duet');
    const vote = (token: string, entryId: string) =>
      http(t.baseUrl, 'POST', `/entries/${entryId}/vote`, { token, body: { value: 1 } });
    expect((await vote(author.token, own)).body.code).toBe('SELF_VOTE_FORBIDDEN');
    expect((await vote(fan.token, other)).status).toBe(200);
    return created.body.contestId as string;
  }

  /** A replay the admin ran through the API, once done. */
  async function replayed(contestId: string, body: Record<string, unknown>) {
    const login = await http(t.baseUrl, 'POST', '/auth/login', { body: ADMIN });
    const queued = await http(t.baseUrl, 'POST', '/admin/replays', {
      token: login.body.token,
      body: { contestId, ...body },
    });
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const state = await http(t.baseUrl, 'GET', `/admin/replays/${queued.body.replayId}`, {
        token: login.body.token,
      });
      if (state.body.status === 'done') return state.body;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the replay did not finish');
  }

  /** The ranks table's rows as text: [entry, live rank, replay rank, Δ, live score, replay score]. */
  const rankRows = (page: Page) =>
    page
      .getByRole('table', { name: 'Ranks, live and replayed' })
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );

  /** Presses Tab until the focused element's name is `name`; fails past `most` presses. */
  async function tabTo(page: Page, name: string, most = 80): Promise<void> {
    for (let presses = 0; presses < most; presses += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate<string | undefined>(FOCUSED_NAME);
      if (focused === name) return;
    }
    throw new Error(`Tab never reached "${name}" in ${most} presses`);
  }

  it('serves the page under a strict Content-Security-Policy, with no inline script', async () => {
    const page = await http(t.baseUrl, 'GET', '/console');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.text).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('an admin signs in and sees Replays, Operations and Audit; the projections table is what the API says', async () => {
    const page = await signedIn(ADMIN.username, ADMIN.password);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'Replays' }).waitFor();
    await nav.getByRole('link', { name: 'Audit' }).waitFor();
    await nav.getByRole('link', { name: 'Operations' }).click();
    const projections = page.getByRole('table', { name: 'Projections' });
    await projections.waitFor();
    const login = await http(t.baseUrl, 'POST', '/auth/login', { body: ADMIN });
    const api = await http(t.baseUrl, 'GET', '/admin/projections', { token: login.body.token });
    const shown = await projections.locator('tbody tr td:first-child').allTextContents();
    expect(shown).toEqual(api.body.map((p: { name: string }) => p.name));
    // The queues' figures, as GET /admin/queue-depths lists them
    const queues = page.getByRole('table', { name: /^Job queues/ });
    await queues.waitFor();
    const depths = await http(t.baseUrl, 'GET', '/admin/queue-depths', {
      token: login.body.token,
    });
    expect(await queues.locator('tbody tr td:first-child').allTextContents()).toEqual(
      depths.body.queues.map((q: { queue: string }) => q.queue),
    );
    expect(await queues.locator('caption').textContent()).toBe(
      `Job queues (BullMQ on ${depths.body.backend === 'redis' ? 'Redis' : 'PostgreSQL'})`,
    );
    await page.screenshot({ path: join(shots, 'operations.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('a rebuild started from the page, once confirmed, ends with the projection running and lag 0', async () => {
    const page = await signedIn(ADMIN.username, ADMIN.password);
    await page.getByRole('link', { name: 'Operations' }).click();
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

  it('an admin retries a parked row from Operations: it is applied once and shown as retried', async () => {
    await signUp(t.baseUrl, 'parked_by_fault');
    const id = await flowContext(t).parkDeadLetter();
    const page = await signedIn(ADMIN.username, ADMIN.password);
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('button', { name: `Retry ${id}` }).click();
    const letter = page.getByRole('table', { name: 'Dead letters' }).getByRole('row').filter({
      hasText: 'simulated fault',
    });
    await letter.filter({ hasText: 'retried' }).waitFor();
    expect(await page.getByRole('button', { name: `Retry ${id}` }).count()).toBe(0);
    const [{ status }] = await t.dataSource.query(
      `SELECT status FROM projection_dead_letters WHERE id = $1`,
      [id],
    );
    expect(status).toBe('retried');
    await page.close();
  }, 60_000);

  it('an admin replays a contest with a self-vote under rules that allow them: the ranks are what the API says, one mark per entry, the flip under SELF_VOTE_FORBIDDEN', async () => {
    // Given a contest where an author voted for her own entry (refused live) and a fan voted
    await contestWithASelfVote('Kazoo duets', 'kazoo');

    // When the admin replays it from the console with self votes allowed
    const page = await signedIn(ADMIN.username, ADMIN.password);
    await page.getByLabel('Find a contest by title').fill('Kazoo');
    // The server searches the titles: the picker then offers that contest alone
    const picker = page.locator('select[name=contest] option');
    for (const deadline = Date.now() + 10_000; ;) {
      const offered = await picker.allTextContents();
      if (offered.length === 1 && offered[0] === 'Kazoo duets') break;
      if (Date.now() > deadline) throw new Error(`the picker offers ${offered.join(', ')}`);
      await page.waitForTimeout(100);
    }
    await page.getByLabel('A JSON definition').check();
    // A definition the API refuses shows its problem by JSON path
    await page.getByLabel('Definition (JSON)').fill('{"acceptance": {"allowSelfVote": true}}');
    await page.getByRole('button', { name: 'Run replay' }).click();
    await page.getByText('definition.acceptance.allowSelfVote', { exact: false }).waitFor();
    expect(await page.getByRole('alert').first().textContent()).toMatch(/^INVALID_RULESET: /);
    await page.getByLabel('Definition (JSON)').fill('{"acceptance": {"allowSelfVotes": true}}');
    await page.getByRole('button', { name: 'Run replay' }).click();
    const ranks = page.getByRole('table', { name: 'Ranks, live and replayed' });
    await ranks.waitFor({ timeout: 60_000 });

    // Then the table's ranks are what the API says, the chart has one mark per entry, and the flip counts
    const login = await http(t.baseUrl, 'POST', '/auth/login', { body: ADMIN });
    const replayId = await page.evaluate<string>(LAST_REPLAY_ID);
    const api = await http(t.baseUrl, 'GET', `/admin/replays/${replayId}`, {
      token: login.body.token,
    });
    const rows = await rankRows(page);
    const dash = (n: number | null) => (n === null ? '–' : String(n));
    expect(rows.map((cells) => cells.slice(1, 3))).toEqual(
      api.body.result.diff.map((d: { baselineRank: number | null; replayRank: number | null }) => [
        dash(d.baselineRank),
        dash(d.replayRank),
      ]),
    );
    expect(rows.map((cells) => cells[0]).sort()).toEqual(['Rival duet', 'Self-made duet']);
    const chart = page.getByRole('img', { name: 'Live rank and replay rank of each entry' });
    expect(await chart.locator('g.entry').count()).toBe(api.body.result.diff.length);
    const flips = page.getByRole('table', { name: 'Outcome flips' });
    expect(await flips.getByRole('row', { name: /SELF_VOTE_FORBIDDEN/ }).textContent()).toMatch(
      /SELF_VOTE_FORBIDDEN\s*1/,
    );
    expect(api.body.result.outcomeChanges.byCode).toEqual({ SELF_VOTE_FORBIDDEN: 1 });
    await page.screenshot({ path: join(shots, 'replays.png'), fullPage: true });
    await page.close();
  }, 90_000);

  it('past replays are listed newest first and open again with their result', async () => {
    // Given two replays an admin ran through the API
    const contestId = await contestWithASelfVote('Ocarina duets', 'ocarina');
    const parity = await replayed(contestId, {});
    const selfVotes = await replayed(contestId, {
      definition: { acceptance: { allowSelfVotes: true } },
    });

    // When the admin opens Replays, the list has both, the newer first
    const page = await signedIn(ADMIN.username, ADMIN.password);
    const history = page.getByRole('table', { name: 'Past replays' });
    await history.waitFor();
    const listed = await history
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-replay-id')));
    expect(listed.indexOf(selfVotes.replayId)).toBeGreaterThanOrEqual(0);
    expect(listed.indexOf(selfVotes.replayId)).toBeLessThan(listed.indexOf(parity.replayId));
    const row = history.locator(`tr[data-replay-id="${selfVotes.replayId}"]`);
    expect(await row.locator('td').allTextContents()).toEqual([
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/),
      'Ocarina duets',
      `inline (${selfVotes.ruleset.rulesetId})`,
      '–',
      'done',
      'changes',
      '1',
      'Open',
    ]);

    // Then opening it shows its result: the ranks the API returned for it
    await row.getByRole('button', { name: `Open replay ${selfVotes.replayId}` }).click();
    await page.locator(`[data-replay-id="${selfVotes.replayId}"] table`).first().waitFor();
    const dash = (n: number | null) => (n === null ? '–' : String(n));
    expect((await rankRows(page)).map((cells) => cells.slice(1, 3))).toEqual(
      selfVotes.result.diff.map((d: { baselineRank: number | null; replayRank: number | null }) => [
        dash(d.baselineRank),
        dash(d.replayRank),
      ]),
    );
    await page
      .getByRole('heading', { name: 'Ocarina duets under inline: the winner changes' })
      .waitFor();
    // The address names the replay: a reload (or a bookmark) opens it again
    expect(new URL(page.url()).hash).toBe(`#/replays/${selfVotes.replayId}`);
    await page.reload();
    await page.locator(`[data-replay-id="${selfVotes.replayId}"] table`).first().waitFor();
    // And the parity replay opens in its place
    await history.getByRole('button', { name: `Open replay ${parity.replayId}` }).click();
    await page
      .getByRole('heading', { name: /^Ocarina duets under the live rules: the winner stays$/ })
      .waitFor();
    await page.screenshot({ path: join(shots, 'replays-history.png'), fullPage: true });
    await page.close();
  }, 90_000);

  it('works from the keyboard: sign in, reach Operations, say no to a rebuild with Escape, then yes', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.baseUrl}/console`);
    // The username field has the focus; Tab moves on, Enter submits
    await page.keyboard.type(ADMIN.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.locator('body').focus();
    await tabTo(page, 'Operations');
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'Projections' }).waitFor();
    await tabTo(page, 'Rebuild entry-detail');
    await page.keyboard.press('Enter');
    const yes = page.getByRole('button', { name: 'Yes, rebuild entry-detail' });
    await yes.waitFor();
    expect(await page.evaluate(FOCUSED_NAME)).toBe('Yes, rebuild entry-detail');
    // A person reads the question for a while: the table is redrawn under it meanwhile
    await page.waitForTimeout(3_500);
    await page.keyboard.press('Escape');
    await yes.waitFor({ state: 'detached' });
    expect(await page.evaluate(FOCUSED_NAME)).toBe('Rebuild entry-detail');
    await page.keyboard.press('Enter');
    await yes.waitFor();
    await page.keyboard.press('Enter');
    await page.getByText(/Rebuild of entry-detail started/).waitFor();
    await page.close();
  }, 60_000);

  it('the console is small: its files are under 300 KB gzipped, from this server only', async () => {
    let gzipped = 0;
    for (const file of ['/console', '/console/app.js', '/console/app.css']) {
      const reply = await fetch(`${t.baseUrl}${file}`);
      expect(reply.status).toBe(200);
      gzipped += gzipSync(Buffer.from(await reply.arrayBuffer())).length;
    }
    expect(gzipped).toBeLessThan(300 * 1024);
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(t.baseUrl)) elsewhere.push(request.url());
    });
    await page.goto(`${t.baseUrl}/console`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(elsewhere).toEqual([]);
    await page.screenshot({ path: join(shots, 'sign-in.png'), fullPage: true });
    await page.close();
  });

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
    expect(await nav.getByRole('link', { name: 'Replays' }).count()).toBe(0);
    const api = await http(t.baseUrl, 'GET', '/audit/failed-logins?from=2000-01-01', {
      token: analyst.token,
    });
    const rows = page.getByRole('table', { name: /Failed logins/ }).locator('tbody tr');
    expect(await rows.count()).toBe(api.body.items.length);
    expect(await rows.filter({ hasText: 'console_analyst' }).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'audit.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('the refusal chart of an analyst adds up to the summary of the API for the same range; the log opens a row; exports download', async () => {
    const analyst = await signUp(t.baseUrl, 'chart_analyst');
    const login = await http(t.baseUrl, 'POST', '/auth/login', { body: ADMIN });
    await http(t.baseUrl, 'POST', `/admin/users/${analyst.userId}/roles`, {
      token: login.body.token,
      body: { role: 'analyst' },
    });
    for (const password of ['wrong-1', 'wrong-2'])
      await http(t.baseUrl, 'POST', '/auth/login', {
        body: { username: 'chart_analyst', password },
      });
    const page = await signedIn('chart_analyst', 'chart_analyst-password-123');
    const chart = page.getByRole('img', { name: 'Refused commands per hour, by code' });
    await chart.waitFor();
    const from = await page.getByLabel('From', { exact: true }).inputValue();
    const to = await page.getByLabel('To', { exact: true }).inputValue();
    const query = `from=${new Date(`${from}Z`).toISOString()}&to=${new Date(`${to}Z`).toISOString()}`;
    const summary = await http(t.baseUrl, 'GET', `/audit/rejections/summary?${query}&bucket=hour`, {
      token: analyst.token,
    });
    const apiTotal = summary.body.buckets.reduce(
      (n: number, b: { count: number }) => n + b.count,
      0,
    );
    const drawn = await chart
      .locator('rect[data-count]')
      .evaluateAll((rects) => rects.reduce((n, r) => n + Number(r.getAttribute('data-count')), 0));
    expect(apiTotal).toBeGreaterThan(0);
    expect(drawn).toBe(apiTotal);
    expect(await chart.locator('g.bucket').count()).toBe(
      new Set(summary.body.buckets.map((b: { start: string }) => b.start)).size,
    );

    // The command log: a refused login opens its payload and metadata
    await page.getByLabel('Code', { exact: true }).fill('INVALID_CREDENTIALS');
    await page.getByRole('button', { name: 'Search' }).click();
    const details = page.getByRole('button', { name: /^Details of \d+$/ }).first();
    await details.click();
    await page.getByText('"metadata"').first().waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('commands.csv');
    await page.screenshot({ path: join(shots, 'audit-chart.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it("the command log pages on in the log's reading order, as the API pages it", async () => {
    // Given more than a page of commands: 26 sign-ups, each a registration and a login
    await Promise.all(Array.from({ length: 26 }, (_, i) => signUp(t.baseUrl, `log_pager_${i}`)));
    // (the API's session first: its login is a command too, and must not land between pages)
    const login = await http(t.baseUrl, 'POST', '/auth/login', { body: ADMIN });
    const page = await signedIn(ADMIN.username, ADMIN.password);
    await page.getByRole('link', { name: 'Audit' }).click();
    const log = page.getByRole('table', { name: 'Commands, in the log’s reading order' });
    await page.locator('select[name=status]').selectOption('accepted');
    await page.getByRole('button', { name: 'Search' }).click();
    const positions = () => log.locator('tbody tr:not([hidden]) td:first-child').allTextContents();
    for (const deadline = Date.now() + 10_000; (await positions()).length !== 50;) {
      if (Date.now() > deadline) throw new Error(`the first page shows ${await positions()}`);
      await page.waitForTimeout(100);
    }
    // Typing a new filter without searching does not change what the next page follows
    await page.getByLabel('Type', { exact: true }).fill('CastVote');
    await page.getByRole('button', { name: 'Next page' }).click();
    for (const deadline = Date.now() + 10_000; (await positions()).length === 50;) {
      if (Date.now() > deadline) throw new Error('the next page never came');
      await page.waitForTimeout(100);
    }
    const from = await page.getByLabel('From', { exact: true }).inputValue();
    const to = await page.getByLabel('To', { exact: true }).inputValue();
    const query =
      `status=accepted&limit=50&from=${new Date(`${from}Z`).toISOString()}` +
      `&to=${new Date(`${to}Z`).toISOString()}`;
    const first = await http(t.baseUrl, 'GET', `/audit/commands?${query}`, {
      token: login.body.token,
    });
    const second = await http(
      t.baseUrl,
      'GET',
      `/audit/commands?${query}&cursor=${first.body.nextCursor}`,
      { token: login.body.token },
    );
    expect(await positions()).toEqual(
      [...first.body.items, ...second.body.items].map((c: { position: number }) =>
        String(c.position),
      ),
    );
    await page.close();
  }, 90_000);

  it('every page is built for people and tests: captioned tables, named charts, buttons and fields, landmarks', async () => {
    await replayed(await contestWithASelfVote('Banjo duets', 'banjo'), {});
    const page = await browser.newPage();
    await page.goto(`${t.baseUrl}/console`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const problems: Record<string, string[]> = {
      'sign-in': await page.evaluate<string[]>(PAGE_PROBLEMS),
    };
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Replays with a result on it, Operations with its three tables, Audit with its chart
    await page.getByRole('table', { name: 'Past replays' }).waitFor();
    await page
      .getByRole('button', { name: /^Open replay / })
      .first()
      .click();
    await page.getByRole('table', { name: 'Ranks, live and replayed' }).waitFor();
    problems.replays = await page.evaluate<string[]>(PAGE_PROBLEMS);
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('table', { name: /^Job queues/ }).waitFor();
    await page.getByRole('table', { name: 'Dead letters' }).waitFor();
    problems.operations = await page.evaluate<string[]>(PAGE_PROBLEMS);
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('img', { name: /^Refused commands per hour/ }).waitFor();
    await page.getByRole('table', { name: /Failed logins/ }).waitFor();
    problems.audit = await page.evaluate<string[]>(PAGE_PROBLEMS);
    expect(problems).toEqual({ 'sign-in': [], replays: [], operations: [], audit: [] });
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

  it('a session revoked elsewhere while a page is open returns to the sign-in form, saying why', async () => {
    const page = await signedIn(ADMIN.username, ADMIN.password);
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('table', { name: 'Projections' }).waitFor();
    const token = await page.evaluate<string>(TOKEN_IN_TAB);
    // The same session is ended from another client
    expect((await http(t.baseUrl, 'POST', '/auth/logout', { token })).status).toBe(204);
    // The page's next refresh is refused: the console says so and asks to sign in again
    await page.getByRole('status').filter({ hasText: 'Your session has ended' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.evaluate<string | null>(TOKEN_IN_TAB)).toBeNull();
    expect(await page.getByRole('alert').count()).toBe(0);
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
