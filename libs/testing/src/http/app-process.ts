import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../free-port';
import { join } from 'node:path';
import { http } from './http';

const ROOT = join(__dirname, '..', '..', '..', '..');

export interface AppProcess {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** The JSON lines it printed. */
  readonly output: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The platform in a process of its own, started from its sources as `src/main.ts` (compiled
 * on the fly), so a test can kill it as an operator or a crash would.
 */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(
    process.execPath,
    [
      '--require',
      'ts-node/register/transpile-only',
      '--require',
      'tsconfig-paths/register',
      join(ROOT, 'src', 'main.ts'),
    ],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env, PORT: port },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const collect = (chunk: Buffer) =>
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 100_000;
  for (;;) {
    const live = await http(baseUrl, 'GET', '/health/live').catch(() => null);
    if (live?.status === 200) break;
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the app exited at start:\n${output.slice(-20).join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not start:\n${output.slice(-20).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, child, output, exited };
}
