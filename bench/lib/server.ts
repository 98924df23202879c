import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export interface BenchServer {
  readonly baseUrl: string;
  readonly pid: number;
  readonly databaseUrl: string;
  stop(): Promise<void>;
}

const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database of the benchmark's own; dropped by stop(). */
export async function createBenchDatabase(name: string): Promise<string> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts the built app (dist/src/main.js) as a child process, so the load generator in this
 * process does not share its event loop. Both arms of a benchmark hit this same process.
 */
export async function startServer(options: {
  databaseUrl: string;
  role: 'api' | 'worker' | 'all';
  port: number;
  prefix: string;
}): Promise<BenchServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(__dirname, '..', '..', 'src', 'main.js')],
    {
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        PORT: String(options.port),
        APP_ROLE: options.role,
        QUEUE_PREFIX: options.prefix,
        LOG_LEVEL: 'warn',
        BENCH_NOOP_ROUTES: 'true',
        DB_POOL_SIZE: process.env.DB_POOL_SIZE ?? '40',
        PROJECTION_POLL_MS: '200',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const reply = await fetch(`${baseUrl}/health/live`);
      if (reply.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`server on ${baseUrl} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    pid: child.pid!,
    databaseUrl: options.databaseUrl,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) =>
        child.exitCode !== null ? resolve(null) : child.once('exit', resolve),
      );
    },
  };
}

/** Resident set size of a process, in MB (Linux). */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}
