import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rulesetHash, validateRuleset } from '@contest/ranking-engine';
import { ReplayRunner } from '../src/replays/running/replay-runner';
import { awaitSettledLog } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The admins' CLI from its sources, as `npm run cli --` runs it built. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        '--require',
        'ts-node/register/transpile-only',
        '--require',
        'tsconfig-paths/register',
        join(__dirname, '..', 'src', 'tools', 'cli.ts'),
        ...args,
      ],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 100_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// Each run compiles the CLI's sources on the fly: slow on a busy machine, so the time is ample.
jest.setTimeout(120_000);

describe('the admins’ CLI', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'true' });
    dir = mkdtempSync(join(tmpdir(), 'cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('rulesets:validate prints each problem with its path and exits 1, or the hash and 0', async () => {
    const invalid = file('invalid.json', {
      acceptance: { maxVotesPerUserPerContest: 0 },
      scoring: { votes: { aggregate: { kind: 'median' } } },
    });
    const valid = file('valid.json', { acceptance: { maxVotesPerUserPerContest: 1 } });
    const [bad, good, unreadable] = await Promise.all([
      cli(['rulesets:validate', invalid]),
      cli(['rulesets:validate', valid]),
      cli(['rulesets:validate', file('broken.json', '{ not json')]),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('acceptance.maxVotesPerUserPerContest');
    expect(bad.stdout).toContain('scoring.votes.aggregate.kind: must be one of');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/valid, hash [0-9a-f]{64}/);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('cannot read');
  });

  it('exits 2 with the usage for bad arguments, and 1 for a contest that does not exist', async () => {
    const env = { DATABASE_URL: t.config.databaseUrl };
    const [none, unknown, noContest, badTime, missing] = await Promise.all([
      cli([]),
      cli(['replay', '--contest']),
      cli(['replay', '--json'], env),
      cli(['replay', '--contest', '01a00000-0000-7000-8000-000000000001', '--as-of', 'soon'], env),
      cli(['replay', '--contest', '01a00000-0000-7000-8000-000000000001'], env),
    ]);
    for (const run of [none, unknown, noContest, badTime]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('usage:');
    }
    expect(badTime.stderr).toContain('--as-of must be an ISO-8601 time');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no contest has the id');
  });

  it('replay --json gives what the replay engine gives, and the table names the winner change', async () => {
    const [{ contest_id: contestId }] = await t.dataSource.query(
      `SELECT contest_id FROM contests ORDER BY contest_id LIMIT 1`,
    );
    const candidate = file('one-vote.json', { acceptance: { maxVotesPerUserPerContest: 1 } });
    await awaitSettledLog(t.dataSource); // replays read gap-safe: compare from a settled log
    const env = { DATABASE_URL: t.config.databaseUrl };
    const [json, table] = await Promise.all([
      cli(['replay', '--contest', contestId, '--ruleset', candidate, '--json'], env),
      cli(['replay', '--contest', contestId, '--ruleset', candidate], env),
    ]);
    expect(json.code).toBe(0);
    const printed = JSON.parse(json.stdout);
    const checked = validateRuleset({ acceptance: { maxVotesPerUserPerContest: 1 } });
    if (!checked.ok) throw new Error('the candidate is valid');
    const { result } = await t.app.get(ReplayRunner).run({
      contestId,
      candidate: {
        ...printed.result.ruleset,
        acceptance: checked.ruleset.acceptance,
        scoring: checked.ruleset.scoring as unknown as Record<string, unknown>,
      },
      asOf: null,
    });
    expect(printed.result.ruleset.hash).toBe(rulesetHash(checked.ruleset));
    expect(printed.result.standings).toEqual(result.standings);
    expect(printed.result.outcomeChanges).toEqual(result.outcomeChanges);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/winner changed: (yes|no); accepted→rejected \d+/);
    expect(table.stdout).toContain('live rank');
    // Every entry is named by its title, under the contest's own title
    const [{ title }] = await t.dataSource.query(
      `SELECT payload->>'title' AS title FROM command_log
       WHERE stream_key = $1 AND type = 'CreateContest' AND status = 'accepted'`,
      [`contest:${contestId}`],
    );
    expect(table.stdout.startsWith(`${title} (${contestId})\n`)).toBe(true);
    for (const line of printed.result.baseline.standings as { title: string }[])
      expect(table.stdout).toContain(`\n${line.title}`);
  });

  it('on a real terminal, draws its progress bar and the table', async () => {
    const [{ contest_id: contestId }] = await t.dataSource.query(
      `SELECT contest_id FROM contests ORDER BY contest_id LIMIT 1`,
    );
    // script(1) runs the CLI on a pseudo-terminal, as a person at a terminal runs it.
    const command = [
      process.execPath,
      '--require ts-node/register/transpile-only',
      '--require tsconfig-paths/register',
      join(__dirname, '..', 'src', 'tools', 'cli.ts'),
      `replay --contest ${contestId}`,
    ].join(' ');
    const screen = await new Promise<Run>((resolve) =>
      execFile(
        'script',
        ['--quiet', '--return', '--command', command, '/dev/null'],
        {
          env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.config.databaseUrl },
          timeout: 100_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(screen.code).toBe(0);
    // The bar is redrawn in place (carriage returns) and ends full
    expect(screen.stdout).toMatch(/\r\[#{30}\] (\d+)\/\1 commands/);
    expect(screen.stdout).toMatch(/entry +live rank +replay rank/);
    expect(screen.stdout).toContain('winner changed: no; accepted→rejected 0, rejected→accepted 0');
  });
});
