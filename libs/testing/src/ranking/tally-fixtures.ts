import { ContestTally, ScoringRules, validateRuleset } from '@contest/ranking-engine';

/** Test-only helpers: a fixed clock and rules built from partial JSON, as authors write them. */

export const T0 = new Date('2026-05-01T12:00:00.000Z');
export const atMinutes = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
export const atHours = (hours: number): Date => atMinutes(hours * 60);
export const atMs = (ms: number): Date => new Date(T0.getTime() + ms);

/** Scoring from partial JSON; everything else is the standard-v1 default. */
export function scoringOf(scoring: Record<string, unknown>): ScoringRules {
  const result = validateRuleset({ scoring });
  if (!result.ok) throw new Error(`Invalid test ruleset: ${JSON.stringify(result.errors)}`);
  return result.ruleset.scoring;
}

/** Only votes weigh, as net votes: other signals are switched off unless overridden. */
export const VOTES_ONLY = {
  comments: { weight: 0 },
  views: { weight: 0 },
  watchMinutes: { weight: 0 },
};

export function tallyWithEntries(
  rules: ScoringRules,
  entries: readonly { entryId: string; authorId?: string; submittedAt?: Date }[],
): ContestTally {
  const tally = new ContestTally(rules);
  for (const entry of entries) {
    tally.submitEntry({
      entryId: entry.entryId,
      authorId: entry.authorId ?? `author-of-${entry.entryId}`,
      title: `Title ${entry.entryId}`,
      authorName: `Name ${entry.entryId}`,
      submittedAt: entry.submittedAt ?? T0,
    });
  }
  return tally;
}

/** `count` distinct voters, registered long before T0, cast `value` on the entry at `at`. */
export function castVotes(
  tally: ContestTally,
  entryId: string,
  value: 1 | -1,
  count: number,
  at: Date = T0,
  voterPrefix = `${entryId}-${value}`,
): void {
  for (let i = 0; i < count; i++) {
    tally.castVote({
      entryId,
      voterId: `${voterPrefix}-${i}`,
      value,
      at,
      voterRegisteredAt: new Date('2020-01-01T00:00:00.000Z'),
    });
  }
}

export function scoresById(tally: ContestTally, asOf: Date): Record<string, number> {
  return Object.fromEntries(tally.rank(asOf).map((line) => [line.entryId, line.score]));
}
