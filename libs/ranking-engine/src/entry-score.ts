import { EntryMeasures } from './entry-measures';
import { applyTransform, bayesianAverage, wilsonLowerBound } from './formulas';
import { ScoringRules, VoteAggregate } from './ruleset';

/** V of docs/RULESET.md. `contestPrior` is only read by a bayesian aggregate with prior 'contest'. */
export function voteValue(
  aggregate: VoteAggregate,
  up: number,
  down: number,
  contestPrior: number,
): number {
  switch (aggregate.kind) {
    case 'net':
      return up - down;
    case 'wilson':
      return wilsonLowerBound(up, down, aggregate.z);
    case 'bayesian': {
      const prior = aggregate.prior === 'contest' ? contestPrior : aggregate.prior;
      return bayesianAverage(up, down, aggregate.m, prior);
    }
  }
}

/** The contest-wide up/(up+down), 0.5 when nobody has voted. */
export function contestPriorOf(up: number, down: number): number {
  const n = up + down;
  return n === 0 ? 0.5 : up / n;
}

/**
 * The weighted sum of docs/RULESET.md, before gravity and rounding. The terms are added in the
 * order the contract writes them, so every evaluation does the same floating-point operations.
 */
export function weightedScore(
  measures: EntryMeasures,
  rules: ScoringRules,
  contestPrior: number,
): number {
  const { votes, comments, views, watchMinutes } = rules;
  return (
    votes.weight * voteValue(votes.aggregate, measures.up, measures.down, contestPrior) +
    comments.weight * applyTransform(comments.transform, measures.comments) +
    views.weight * applyTransform(views.transform, measures.views) +
    watchMinutes.weight * applyTransform(watchMinutes.transform, measures.watchMinutes)
  );
}
