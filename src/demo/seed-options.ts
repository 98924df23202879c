/** How big a seeded history is (docs/BENCHMARKS.md "Data to measure on"). */
export interface SeedOptions {
  readonly users: number;
  readonly contests: number;
  readonly entriesPerContest: number;
  readonly votes: number;
  readonly comments: number;
  readonly viewsPerVote: number;
  readonly failedLogins: number;
  readonly bots: number;
  /** How far back in time the history starts. */
  readonly days: number;
  readonly seed: number;
}

export const DEMO_OPTIONS: SeedOptions = {
  users: 16,
  contests: 4,
  entriesPerContest: 5,
  votes: 160,
  comments: 40,
  viewsPerVote: 3,
  failedLogins: 12,
  bots: 1,
  days: 3,
  seed: 2026,
};

export const DEFAULT_SEED_OPTIONS: SeedOptions = {
  users: 200,
  contests: 10,
  entriesPerContest: 12,
  votes: 5000,
  comments: 800,
  viewsPerVote: 10,
  failedLogins: 300,
  bots: 5,
  days: 14,
  seed: 42,
};

/** Reads `--users 100 --votes 2000 ...`; unknown flags and bad numbers are an error. */
export function parseSeedOptions(
  argv: readonly string[],
  base: SeedOptions = DEFAULT_SEED_OPTIONS,
): SeedOptions {
  const names: Record<string, keyof SeedOptions> = {
    '--users': 'users',
    '--contests': 'contests',
    '--entries': 'entriesPerContest',
    '--votes': 'votes',
    '--comments': 'comments',
    '--views-per-vote': 'viewsPerVote',
    '--failed-logins': 'failedLogins',
    '--bots': 'bots',
    '--days': 'days',
    '--seed': 'seed',
  };
  const options: Record<string, number> = { ...base };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    const value = Number(argv[i + 1]);
    if (!key) throw new Error(`unknown option ${argv[i]}; known: ${Object.keys(names).join(' ')}`);
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`${argv[i]} takes a whole number ≥ 0`);
    options[key] = value;
  }
  if (options.users < 2) throw new Error('--users must be at least 2');
  if (options.days < 1) throw new Error('--days must be at least 1');
  return options as unknown as SeedOptions;
}
