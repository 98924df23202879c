import 'reflect-metadata';
import { RulesetRecord } from '@contest/domain';
import { rulesetHash, validateRuleset } from '@contest/ranking-engine';
import { readFileSync } from 'node:fs';
import { createDataSource } from '../platform/database/run-migrations';
import { replayReport } from './replay-report';
import { ReplayStore } from '../replays/replay-store';
import { ReplayRunner } from '../replays/running/replay-runner';

/** Exit codes: 0 done, 1 failed, 2 bad arguments. */
class UsageError extends Error {}

const USAGE = `usage:
  npm run cli -- replay --contest <contestId> [--ruleset <file.json>] [--as-of <ISO time>] [--json]
  npm run cli -- rulesets:validate <file.json>
A replay reads the database at DATABASE_URL.`;

function readDefinition(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`);
  }
}

function validateFile(file: string): void {
  const checked = validateRuleset(readDefinition(file));
  if (checked.ok) {
    process.stdout.write(`${file}: valid, hash ${rulesetHash(checked.ruleset)}\n`);
    return;
  }
  for (const problem of checked.errors)
    process.stdout.write(`${file}: ${problem.path || '(root)'}: ${problem.message}\n`);
  process.exitCode = 1;
}

function flags(args: readonly string[]): Record<string, string | true> {
  const parsed: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i += 1) {
    const name = args[i];
    if (!name.startsWith('--')) throw new UsageError(`unexpected argument ${name}`);
    if (name === '--json') parsed.json = true;
    else if (['--contest', '--ruleset', '--as-of'].includes(name) && args[i + 1])
      parsed[name.slice(2)] = args[(i += 1)];
    else throw new UsageError(`unknown or incomplete option ${name}`);
  }
  return parsed;
}

function progressBar(processed: number, total: number): void {
  if (!process.stderr.isTTY && processed < total) return;
  const width = 30;
  const done = total ? Math.round((processed / total) * width) : width;
  process.stderr.write(
    `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${processed}/${total} commands`,
  );
}

async function replay(args: readonly string[]): Promise<void> {
  const options = flags(args);
  const contestId = options.contest;
  if (typeof contestId !== 'string' || !/^[0-9a-f-]{36}$/i.test(contestId))
    throw new UsageError('--contest <uuid> is required');
  const asOf = typeof options['as-of'] === 'string' ? new Date(options['as-of']) : null;
  if (asOf && Number.isNaN(asOf.getTime()))
    throw new UsageError('--as-of must be an ISO-8601 time');
  let candidate: RulesetRecord | null = null;
  if (typeof options.ruleset === 'string') {
    const checked = validateRuleset(readDefinition(options.ruleset));
    if (!checked.ok) {
      throw new UsageError(
        checked.errors
          .map((e) => `${options.ruleset}: ${e.path || '(root)'}: ${e.message}`)
          .join('\n'),
      );
    }
    const hash = rulesetHash(checked.ruleset);
    candidate = {
      rulesetId: `file:${hash.slice(0, 12)}`,
      name: String(options.ruleset),
      hash,
      acceptance: checked.ruleset.acceptance,
      scoring: checked.ruleset.scoring as unknown as Record<string, unknown>,
    };
  }
  // A replay reads the log and nothing else: a connection to Postgres is all it needs.
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new UsageError('DATABASE_URL must be set to a postgres:// URL');
  const dataSource = await createDataSource(databaseUrl, 2).initialize();
  try {
    const contest = await new ReplayStore(dataSource).contest(contestId);
    if (!contest) throw new Error(`no contest has the id ${contestId}`);
    const run = await new ReplayRunner(dataSource).run({ contestId, candidate, asOf }, progressBar);
    process.stderr.write('\n');
    process.stdout.write(
      options.json
        ? `${JSON.stringify(run, null, 2)}\n`
        : replayReport(run, contest.title, contestId),
    );
  } finally {
    await dataSource.destroy();
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'rulesets:validate') {
    if (rest.length !== 1) throw new UsageError('rulesets:validate takes one file');
    validateFile(rest[0]);
  } else if (command === 'replay') {
    await replay(rest);
  } else {
    throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(`failed: ${(error as Error)?.message ?? String(error)}`);
  process.exit(1);
});
