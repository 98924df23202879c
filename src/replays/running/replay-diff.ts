import { RankedEntry } from '@contest/ranking-engine';
import { ReplayOutcome } from './log-replay';

export interface StandingLine {
  readonly rank: number;
  readonly entryId: string;
  readonly title: string;
  readonly score: number;
  readonly upvotes: number;
  readonly downvotes: number;
}

export interface RankChange {
  readonly entryId: string;
  readonly baselineRank: number | null;
  readonly replayRank: number | null;
  readonly rankDelta: number | null;
  readonly baselineScore: number | null;
  readonly replayScore: number | null;
}

export interface OutcomeChanges {
  acceptedToRejected: number;
  rejectedToAccepted: number;
  /** Flips by the code involved: the new refusal, or the refusal that no longer happens. */
  byCode: Record<string, number>;
}

export const line = (r: RankedEntry): StandingLine => ({
  rank: r.rank,
  entryId: r.entryId,
  title: r.title,
  score: r.score,
  upvotes: r.upvotes,
  downvotes: r.downvotes,
});

/** Every entry ranked on either side, with its rank and score on both. */
export function diffStandings(
  baseline: readonly StandingLine[],
  replay: readonly StandingLine[],
): RankChange[] {
  const before = new Map(baseline.map((l) => [l.entryId, l]));
  const after = new Map(replay.map((l) => [l.entryId, l]));
  const ids = [...new Set([...replay.map((l) => l.entryId), ...baseline.map((l) => l.entryId)])];
  return ids.map((entryId) => {
    const b = before.get(entryId);
    const r = after.get(entryId);
    return {
      entryId,
      baselineRank: b?.rank ?? null,
      replayRank: r?.rank ?? null,
      rankDelta: b && r ? b.rank - r.rank : null,
      baselineScore: b?.score ?? null,
      replayScore: r?.score ?? null,
    };
  });
}

export function countFlip(changes: OutcomeChanges, outcome: ReplayOutcome): void {
  const { recorded, replayed } = outcome;
  if (recorded.status === replayed.status) return;
  if (recorded.status === 'accepted') {
    changes.acceptedToRejected += 1;
    const code = replayed.code ?? 'UNKNOWN';
    changes.byCode[code] = (changes.byCode[code] ?? 0) + 1;
  } else {
    changes.rejectedToAccepted += 1;
    const code = recorded.code ?? 'UNKNOWN';
    changes.byCode[code] = (changes.byCode[code] ?? 0) + 1;
  }
}
