import { ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminFlow, CONTRACT_PATH, freePort, userFlow } from '@contest/testing';
import { FLOW_ADMIN, flowContext, startTestApp, TestApp } from '@contest/testing/app';
import { createContestClient } from '@contest/client';

/** A well-formed token of no session: its holder is anonymous to the app. */
const UNKNOWN_TOKEN = 'no-session-has-this-token-0000000000000000000';

const PRISM = join(__dirname, '..', 'node_modules', '.bin', 'prism');

/**
 * A validating proxy (Stoplight Prism, `proxy --errors`) between the typed client and the app:
 * Prism checks every request and reply against openapi.json, answers a violation with an error
 * of its own instead of the reply, and names it in `sl-violations`. The main flows must pass
 * through it untouched.
 */
describe('the main flows through a validating proxy (Prism proxy --errors)', () => {
  let t: TestApp;
  let prism: ChildProcess;
  let prismUrl: string;
  const output: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      ADMIN_USERNAME: FLOW_ADMIN.username,
      ADMIN_PASSWORD: FLOW_ADMIN.password,
    });
    const port = await freePort();
    prism = spawn(
      PRISM,
      [
        'proxy',
        CONTRACT_PATH,
        t.baseUrl,
        '--errors',
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prism.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    prism.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    prismUrl = `http://127.0.0.1:${port}`;
    for (const deadline = Date.now() + 60_000; ;) {
      const up = await fetch(`${prismUrl}/health/live`).catch(() => null);
      if (up?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`Prism did not start:\n${output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 120_000);
  afterAll(async () => {
    prism?.kill('SIGTERM');
    await t?.close();
  });

  it('reports no violation for a user and an admin going through every operation', async () => {
    const violations: string[] = [];
    const context = {
      ...flowContext(t),
      sendsInvalidRequests: false,
      // Prism answers a secured operation called without credentials itself (its own 401,
      // never reaching the app); a token no session has gets the app's own 401.
      client: (token?: string) =>
        createContestClient(prismUrl, {
          token: token ?? UNKNOWN_TOKEN,
          middleware: [
            {
              onResponse: ({ request, response }) => {
                const said = response.headers.get('sl-violations');
                if (said) violations.push(`${request.method} ${request.url}: ${said}`);
                return response;
              },
            },
          ],
        }),
    };
    await userFlow(context, 'prism');
    await adminFlow(context, 'prism');
    const log = output.join('').replace(/\x1b\[[0-9;]*m/g, '');
    if (process.env.PRISM_LOG) writeFileSync(process.env.PRISM_LOG, log);
    const statuses = [...log.matchAll(/has returned (\d{3})/g)].map((m) => m[1]);
    console.log(
      `Prism proxy --errors: ${statuses.length} replies checked ` +
        `(${[...new Set(statuses)].sort().join(', ')}), ${violations.length} violations`,
    );
    expect(violations).toEqual([]);
    // What Prism printed of its checks, for the record of a failing run.
    expect(output.join('').match(/violation/gi) ?? []).toEqual([]);
  }, 240_000);
});
