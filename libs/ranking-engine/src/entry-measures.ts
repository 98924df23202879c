import { EntryTally } from './entry-tally';
import { ExactSum } from './exact-sum';
import { decayFactor } from './formulas';
import { CommentRules, ScoringRules } from './ruleset';

/** The inputs of the score formula: plain counts, or decayed sums under exponential decay. */
export interface EntryMeasures {
  readonly up: number;
  readonly down: number;
  readonly comments: number;
  readonly views: number;
  readonly watchMinutes: number;
}

export function measureEntry(
  entry: EntryTally,
  rules: ScoringRules,
  asOfMs: number,
): EntryMeasures {
  const { distinctAuthors, excludeEntryAuthor } = rules.comments;
  if (rules.decay.kind !== 'exponential') {
    return {
      up: entry.up,
      down: entry.down,
      comments: entry.countedComments(distinctAuthors, excludeEntryAuthor),
      views: entry.countedViews,
      watchMinutes: entry.watchSeconds.value() / 60,
    };
  }
  const halfLifeHours = rules.decay.halfLifeHours;
  const weigh = (atMs: number): number => decayFactor(asOfMs, atMs, halfLifeHours);
  // Exact sums: the result must not depend on the order the items happen to be stored in.
  const up = new ExactSum();
  const down = new ExactSum();
  for (const pair of entry.votes.values()) {
    if (pair.eligible) (pair.value === 1 ? up : down).add(weigh(pair.atMs));
  }
  const views = new ExactSum();
  const watchSeconds = new ExactSum();
  for (const view of entry.countedViewLog) {
    const factor = weigh(view.atMs);
    views.add(factor);
    watchSeconds.add(factor * view.cappedSeconds);
  }
  return {
    up: up.value(),
    down: down.value(),
    comments: ExactSum.of(commentTimes(entry, rules.comments).map(weigh)),
    views: views.value(),
    watchMinutes: watchSeconds.value() / 60,
  };
}

/**
 * The times of the comments that count. With distinctAuthors an author counts once, at the
 * time of their latest live comment (like a vote, the latest act is the one that weighs).
 */
function commentTimes(entry: EntryTally, rules: CommentRules): number[] {
  const counted = [...entry.liveComments.values()].filter(
    (comment) => !(rules.excludeEntryAuthor && comment.authorId === entry.authorId),
  );
  if (!rules.distinctAuthors) return counted.map((comment) => comment.atMs);
  const latestByAuthor = new Map<string, number>();
  for (const { authorId, atMs } of counted) {
    latestByAuthor.set(authorId, Math.max(atMs, latestByAuthor.get(authorId) ?? -Infinity));
  }
  return [...latestByAuthor.values()];
}
