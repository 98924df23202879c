import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deleteRedisPrefix,
  TEST_REDIS_URL,
  testQueuePrefix,
  AppProcess,
  startAppProcess,
  http,
  signUp,
} from '@contest/testing';
import { stopEmbeddedPostgres } from '../src/platform/database/embedded-postgres';
import { redisAnswers } from '@contest/testing/redis';

// Three boots of the app from its sources, the first with an initdb.
jest.setTimeout(300_000);

/**
 * The platform without DATABASE_URL runs its own PostgreSQL: it answers, keeps its data across
 * a restart, stops with the app, and a start after the app was killed (the server outliving it)
 * recovers.
 */
describe('embedded PostgreSQL (DATABASE_URL unset)', () => {
  const root = mkdtempSync(join(tmpdir(), 'contest-embedded-e2e-'));
  const dataDir = join(root, 'pg');
  const prefix = testQueuePrefix();
  const username = 'embedded_maya';
  let app: AppProcess | null = null;

  beforeAll(() => chmodSync(root, 0o755)); // the server's user (postgres, as root) goes through

  afterAll(async () => {
    if (app && app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill('SIGKILL');
      await app.exited;
    }
    await stopEmbeddedPostgres(dataDir);
    rmSync(root, { recursive: true, force: true });
    if (redisAnswers()) await deleteRedisPrefix(prefix);
  });

  // No DATABASE_URL: startAppProcess passes only PATH, LOG_LEVEL and what is given here.
  const start = () =>
    startAppProcess({
      EMBEDDED_POSTGRES_DIR: dataDir,
      REDIS_URL: redisAnswers() ? TEST_REDIS_URL : '',
      QUEUE_PREFIX: prefix,
    });

  const serverProcesses = () =>
    spawnSync('pgrep', ['-f', dataDir], { encoding: 'utf8' }).stdout.trim();

  async function expectReady(baseUrl: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await http(baseUrl, 'GET', '/health/ready');
      if (ready.status === 200) return;
      if (Date.now() > deadline) throw new Error(`not ready: ${ready.status} ${ready.text}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const logIn = (baseUrl: string) =>
    http(baseUrl, 'POST', '/auth/login', {
      body: { username, password: `${username}-password-123` },
    });

  it('starts its own server on 127.0.0.1, logging JSON lines only', async () => {
    app = await start();
    await expectReady(app.baseUrl);
    expect(
      app.output.some((line) => line.includes('embedded PostgreSQL 16 ready on 127.0.0.1:')),
    ).toBe(true);
    for (const line of app.output) expect(() => JSON.parse(line)).not.toThrow();
    // postmaster.pid: pid, data directory, start time, port, socket directory, listen address.
    const pidFile = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    expect(pidFile[5]).toBe('127.0.0.1');
    await signUp(app.baseUrl, username);
  });

  it('stops the server when the app stops (SIGTERM)', async () => {
    app!.child.kill('SIGTERM');
    expect(await app!.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(serverProcesses()).toBe('');
  });

  it('finds its data again after a restart on the same directory', async () => {
    app = await start();
    await expectReady(app.baseUrl);
    expect((await logIn(app.baseUrl)).status).toBe(200);
  });

  it('recovers after the app was killed (kill -9) and its server outlived it', async () => {
    app!.child.kill('SIGKILL');
    await app!.exited;
    expect(serverProcesses()).not.toBe(''); // the orphan: in a session of its own, it lives on
    app = await start();
    await expectReady(app.baseUrl);
    expect(
      app.output.some((line) => line.includes('stopped the server a killed process left')),
    ).toBe(true);
    expect((await logIn(app.baseUrl)).status).toBe(200);

    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(serverProcesses()).toBe('');
  });
});
