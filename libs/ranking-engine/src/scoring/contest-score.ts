import {
  ContestCreated,
  ContestRulesetChanged,
  EventHandlers,
  handleEvent,
  msOf,
  timeOf,
  type DomainEvent,
} from '@contest/domain';
import { ContestTally } from '../contest-tally';
import { ScoringRules, STANDARD_V1 } from '../ruleset';
import { validateRuleset } from '../validate-ruleset';

/** What a view shows of the ruleset a contest is scored with. */
export interface RulesetLabel {
  readonly rulesetId: string;
  readonly name: string;
  readonly hash: string;
}

/** One contest's scoring state, as the scoring views and the what-if replays keep it. */
export interface ContestScore {
  readonly contestId: string;
  ruleset: RulesetLabel;
  tally: ContestTally;
  /** receivedAt of the newest accepted command of the contest: the standings' asOf. */
  lastAcceptedAt: Date | null;
  /** For a closed contest, the time it closed, which is then its asOf. */
  closedAt: Date | null;
}

/** The scoring rules a stored ruleset holds, defaulted like any ruleset. */
export function scoringOf(stored: unknown): ScoringRules {
  const checked = validateRuleset({ scoring: stored ?? {} });
  return checked.ok ? checked.ruleset.scoring : STANDARD_V1.scoring;
}

/** The label views show of the ruleset a ContestCreated or ContestRulesetChanged carries. */
export function labelOf(event: ContestCreated | ContestRulesetChanged): RulesetLabel {
  const { rulesetId, name, hash } = event.ruleset;
  return { rulesetId, name, hash };
}

/** A contest's score from its ContestCreated event, under its own scoring or the one given. */
export function newContestScore(created: ContestCreated, scoring?: ScoringRules): ContestScore {
  return {
    contestId: created.contestId,
    ruleset: labelOf(created),
    tally: new ContestTally(scoring ?? scoringOf(created.ruleset.scoring)),
    lastAcceptedAt: null,
    closedAt: null,
  };
}

/** The standings' asOf (docs/RULESET.md): the close time of a closed contest, else the newest command. */
export function asOfOf(score: ContestScore): Date | null {
  return score.closedAt ?? score.lastAcceptedAt;
}

const at = (iso: string) => new Date(timeOf(iso));

/**
 * What scoring does with each event of a contest. Creation and rule changes start a score
 * (newContestScore, scoreHistory); every other event type of the domain is not scored.
 */
const SCORING: EventHandlers<ContestScore> = {
  ContestCreated: 'ignored',
  ContestRulesetChanged: 'ignored',
  ContestClosed: (event, score) => {
    score.closedAt = at(event.closedAt);
  },
  EntrySubmitted: (event, score) =>
    score.tally.submitEntry({
      entryId: event.entryId,
      authorId: event.authorId,
      title: event.title,
      authorName: event.authorName,
      submittedAt: at(event.submittedAt),
    }),
  EntryWithdrawn: (event, score) => score.tally.withdrawEntry(event.entryId),
  VoteCast: (event, score) =>
    score.tally.castVote({
      entryId: event.entryId,
      voterId: event.voterId,
      value: event.value,
      at: at(event.castAt),
      voterRegisteredAt: new Date(msOf(event.voterRegisteredAt)),
    }),
  VoteRetracted: (event, score) =>
    score.tally.retractVote({
      entryId: event.entryId,
      voterId: event.voterId,
      at: at(event.retractedAt),
    }),
  CommentAdded: (event, score) =>
    score.tally.addComment({
      commentId: event.commentId,
      entryId: event.entryId,
      authorId: event.authorId,
      at: at(event.createdAt),
    }),
  CommentDeleted: (event, score) => score.tally.deleteComment(event.commentId),
  ViewRecorded: (event, score) =>
    score.tally.recordView({
      entryId: event.entryId,
      viewerKey: event.viewerKey,
      watchedSeconds: event.watchedSeconds,
      at: at(event.viewedAt),
    }),
  UserRegistered: 'ignored',
  LoginSucceeded: 'ignored',
  LoginFailed: 'ignored',
  LoginLockedOut: 'ignored',
  UserLoggedOut: 'ignored',
  RoleGranted: 'ignored',
  RulesetCreated: 'ignored',
  ReplayRequested: 'ignored',
  ProjectionRebuildRequested: 'ignored',
  DeadLetterRetried: 'ignored',
  DeadLetterSkipped: 'ignored',
};

/** Feeds one accepted event of the contest to its score. */
export function feedScore(score: ContestScore, event: DomainEvent): void {
  handleEvent(SCORING, event, score);
}

/** One accepted command of a contest's history, as scoring needs it. */
export interface ScoredRow {
  readonly events: readonly DomainEvent[];
  readonly receivedAt: Date;
}

/**
 * A contest's score from its whole accepted history, under the ruleset in force at its end
 * (or the one given): after a rule change the history is scored anew (docs/RULESET.md). The one
 * rescoring routine of the scoring views and the what-if replays. Null before the contest's
 * creation is in the history.
 */
export function scoreHistory(
  history: readonly ScoredRow[],
  scoring?: ScoringRules,
): ContestScore | null {
  let created: ContestCreated | null = null;
  let latest: ContestCreated | ContestRulesetChanged | null = null;
  for (const row of history) {
    for (const event of row.events) {
      if (event.type === 'ContestCreated') created = latest = event;
      else if (event.type === 'ContestRulesetChanged') latest = event;
    }
  }
  if (!created || !latest) return null;
  const score = newContestScore(created, scoring ?? scoringOf(latest.ruleset.scoring));
  score.ruleset = labelOf(latest);
  for (const row of history) {
    for (const event of row.events) feedScore(score, event);
    score.lastAcceptedAt = row.receivedAt;
  }
  return score;
}
