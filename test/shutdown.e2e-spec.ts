import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { redisAnswers } from '@contest/testing/redis';
import { join } from 'node:path';
import {
  createTestDatabase,
  deleteRedisPrefix,
  TEST_REDIS_URL,
  TestDatabase,
  testQueuePrefix,
  freePort,
  http,
  HttpReply,
} from '@contest/testing';
import { Client } from 'pg';

const ROOT = join(__dirname, '..');

// Building dist/ (when the sources are newer) and booting the app are slow on a busy machine.
jest.setTimeout(240_000);

interface RunningApp {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  readonly stdout: string[];
  /** Resolves with the exit code (or signal) and the time the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** The BUILT app (`node dist/src/main.js`), as production runs it, on its own database. */
async function startBuiltApp(db: TestDatabase, env: Record<string, string>): Promise<RunningApp> {
  const port = await freePort();
  const prefix = testQueuePrefix();
  prefixes.push(prefix);
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: db.url,
      REDIS_URL: redisAnswers() ? TEST_REDIS_URL : '',
      PORT: String(port),
      QUEUE_PREFIX: prefix,
      PROJECTION_POLL_MS: '200',
      DB_POOL_SIZE: '5',
      LOG_LEVEL: 'info',
      BENCH_NOOP_ROUTES: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines.filter(Boolean));
  });
  child.stderr!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
    (resolve) =>
      child.once('exit', (code, signal) => {
        if (partial) stdout.push(partial);
        resolve({ code, signal, at: Date.now() });
      }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const live = await http(baseUrl, 'GET', '/health/live').catch(() => null);
    if (live?.status === 200) break;
    if (child.exitCode !== null) throw new Error(`the app exited at start: ${stdout.join('\n')}`);
    if (Date.now() > deadline) throw new Error('the app did not start');
    await sleep(100);
  }
  return { baseUrl, child, stdout, exited };
}

const prefixes: string[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Graceful shutdown of the real process: SIGTERM drains the requests in flight (they get their
 * normal reply), refuses new ones with 503 problem+json SHUTTING_DOWN (logged as refused
 * commands), and exits 0 within SHUTDOWN_TIMEOUT_MS; past the bound it exits 1 saying so.
 */
describe('shutdown on SIGTERM', () => {
  let db: TestDatabase;
  let running: RunningApp | undefined;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-build.js')], {
      cwd: ROOT,
      stdio: 'inherit',
      timeout: 200_000,
    });
    if (build.status !== 0) throw new Error(`build failed (exit ${build.status})`);
    db = await createTestDatabase();
  });
  afterAll(async () => {
    if (running?.child.exitCode === null) running.child.kill('SIGKILL');
    if (redisAnswers()) for (const prefix of prefixes) await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  it('drains in-flight requests, refuses new ones with 503 SHUTTING_DOWN, and exits 0 in time', async () => {
    running = await startBuiltApp(db, { SHUTDOWN_TIMEOUT_MS: '10000' });
    const { baseUrl, child } = running;

    // In flight when the signal comes: a slow request and a few registrations (argon2).
    const slow = http(baseUrl, 'GET', '/__bench/noop?delayMs=2500');
    await sleep(400);
    const signalledAt = Date.now();
    child.kill('SIGTERM');

    // Until the slow request is answered, the listener is open and new requests are refused.
    let refused: HttpReply | undefined;
    let seq = 0;
    while (!refused) {
      seq += 1;
      const reply = await http(baseUrl, 'POST', '/auth/register', {
        body: {
          username: `late_${seq}`,
          email: `late_${seq}@example.com`,
          password: 'late-password-123',
        },
      });
      if (reply.status === 503) refused = reply;
      else expect(reply.status).toBe(201); // sent before the signal was handled
      if (Date.now() - signalledAt > 2000) break;
    }
    expect(refused).toBeDefined();
    expect(refused!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused!.body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status: 503,
      code: 'SHUTTING_DOWN',
      detail: expect.any(String),
    });

    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ ok: true });

    const exit = await running.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(10_000);

    // Every line is JSON; the refusal is in the log like any refused command.
    const lines = running.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.some((line) => /^SIGTERM: shutting down/.test(String(line.msg)))).toBe(true);
    expect(lines.some((line) => /^shut down in \d+ ms$/.test(String(line.msg)))).toBe(true);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT type, status, http_status FROM command_log WHERE rejection_code = 'SHUTTING_DOWN'`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0]).toEqual({ type: 'RegisterUser', status: 'rejected', http_status: 503 });
    } finally {
      await client.end();
    }
  });

  it('takes a signal repeated at once as the same one (a Ctrl-C through npm start), and a later one as forcing the exit', async () => {
    running = await startBuiltApp(db, { SHUTDOWN_TIMEOUT_MS: '20000' });
    const slow = http(running.baseUrl, 'GET', '/__bench/noop?delayMs=3000').catch(() => null);
    await sleep(400);
    // The terminal's Ctrl-C and the one scripts/start.js passes on: still a graceful drain
    // (the second a little later: two signals pending at once are delivered as one)
    running.child.kill('SIGINT');
    await sleep(150);
    running.child.kill('SIGINT');
    await sleep(1400);
    expect(running.child.exitCode).toBeNull();
    // A second Ctrl-C, later: the exit is forced
    running.child.kill('SIGINT');
    const exit = await running.exited;
    expect(exit).toMatchObject({ code: 1, signal: null });
    const lines = running.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: expect.stringMatching(/^shutdown forced \(second SIGINT\) while draining requests/),
      }),
    );
    await slow;
  });

  it('exits 1 with a JSON line saying so when the drain outlasts SHUTDOWN_TIMEOUT_MS', async () => {
    running = await startBuiltApp(db, { SHUTDOWN_TIMEOUT_MS: '500' });
    const stuck = http(running.baseUrl, 'GET', '/__bench/noop?delayMs=20000').catch(() => null);
    await sleep(400);
    const signalledAt = Date.now();
    running.child.kill('SIGTERM');
    const exit = await running.exited;
    expect(exit).toMatchObject({ code: 1, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(3000);
    const lines = running.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        context: 'shutdown',
        msg: expect.stringMatching(/^shutdown forced \(500 ms passed\) while draining requests/),
      }),
    );
    await stuck;
  });
});
