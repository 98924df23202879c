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
export async function dropBenchDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function createBenchDatabase(name: string): Promise<string> {
  await dropBenchDatabase(name);
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  return benchDatabaseUrl(name);
}

export function benchDatabaseUrl(name: string): string {
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
  /** More of the server's environment, e.g. SEED_DEMO for the demo data. */
  env?: Record<string, string>;
}): Promise<BenchServer> {
  // A server left over from an interrupted run would answer in this one's place.
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const stale = await fetch(`${baseUrl}/health/live`).then(
    () => true,
    () => false,
  );
  if (stale)
    throw new Error(`something already answers on ${baseUrl}: a server of an earlier run?`);
  // BENCH_NODE_ARGS passes flags to the server's node, e.g. "--prof" to profile it. The heap
  // is capped as docker-compose.yml caps each role's.
  const heapCap = `--max-old-space-size=${options.role === 'api' ? 192 : 512}`;
  const nodeArgs = [
    heapCap,
    ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []),
  ];
  // BENCH_BACKEND=postgres measures the single-node default: no REDIS_URL, so the queues,
  // sessions and rate limits live in Postgres. Otherwise Redis, as in production.
  const { REDIS_URL: _redis, ...inherited } = process.env;
  const redis = benchBackend() === 'redis' ? { REDIS_URL: benchRedisUrl() } : {};
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, join(__dirname, '..', '..', 'src', 'main.js')],
    {
      env: {
        ...inherited,
        ...redis,
        DATABASE_URL: options.databaseUrl,
        PORT: String(options.port),
        APP_ROLE: options.role,
        QUEUE_PREFIX: options.prefix,
        // As deployed: every request's access-log line is written (to /dev/null) and every
        // command is counted in its rate-limit window (a limit no client reaches).
        LOG_LEVEL: 'info',
        BENCH_NOOP_ROUTES: 'true',
        RATE_LIMIT_PER_MINUTE: '1000000',
        DB_POOL_SIZE: process.env.DB_POOL_SIZE ?? '40',
        PROJECTION_POLL_MS: '200',
        ...options.env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return runningServer(child, baseUrl, '/health/live', options.databaseUrl);
}

/**
 * The bare ceiling: Nest + Fastify with one no-op controller (bench/bare/bare-server.ts), in a
 * process of its own like the app, measured in the same run with the same load generator.
 */
export async function startBareServer(port: number): Promise<BenchServer> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [join(__dirname, '..', 'bare', 'bare-server.js')],
    {
      env: { PATH: process.env.PATH ?? '', PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return runningServer(child, baseUrl, '/__bench/noop', '');
}

/** Waits until the child answers `probe` with a 2xx, then hands it back as a stoppable server. */
async function runningServer(
  child: ChildProcess,
  baseUrl: string,
  probe: string,
  databaseUrl: string,
): Promise<BenchServer> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await fetch(`${baseUrl}${probe}`).then(
      (reply) => reply.ok,
      () => false, // not listening yet
    );
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`the server on ${baseUrl} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    pid: child.pid!,
    databaseUrl,
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

/** CPU seconds (user + system) a process has used so far (Linux). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
  } catch {
    return 0;
  }
}

/** Busy and total jiffies of the whole machine, to tell how loaded its cores were. */
export function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Cores busy between two readings of machineTicks. */
export function coresBusy(
  from: { busy: number; total: number },
  to: { busy: number; total: number },
  cores: number,
): number {
  return (
    Math.round(((to.busy - from.busy) / Math.max(1, to.total - from.total)) * cores * 100) / 100
  );
}

/** Where the measured platform keeps its queues, sessions and rate limits (BENCH_BACKEND). */
export function benchBackend(): 'redis' | 'postgres' {
  return process.env.BENCH_BACKEND === 'postgres' ? 'postgres' : 'redis';
}

function benchRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}
