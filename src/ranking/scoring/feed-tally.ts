import { msOf, timeOf } from '@contest/domain';
import { ContestTally, ScoringRules, STANDARD_V1, validateRuleset } from '@contest/ranking-engine';
import { StoredEvent } from '../../command-log/stored-event';

/** What a view shows of the ruleset a contest is scored with. */
export interface RulesetLabel {
  readonly rulesetId: string;
  readonly name: string;
  readonly hash: string;
}

/** One contest's scoring state as a projector keeps it. */
export interface ContestScore {
  readonly contestId: string;
  ruleset: RulesetLabel;
  tally: ContestTally;
  /** receivedAt of the newest accepted command of the contest: the standings' asOf. */
  lastAcceptedAt: Date | null;
  /** For a closed contest, the time it closed, which is then its asOf. */
  closedAt: Date | null;
}

/** The scoring rules stored in a ContestCreated event, defaulted like any ruleset. */
export function scoringOf(stored: unknown): ScoringRules {
  const checked = validateRuleset({ scoring: stored ?? {} });
  return checked.ok ? checked.ruleset.scoring : STANDARD_V1.scoring;
}

/** A contest's score from its ContestCreated event, under its own scoring or the one given. */
export function newContestScore(event: StoredEvent, scoring?: ScoringRules): ContestScore {
  const ruleset = event.ruleset as {
    rulesetId: string;
    name: string;
    hash: string;
    scoring: unknown;
  };
  return {
    contestId: String(event.contestId),
    ruleset: { rulesetId: ruleset.rulesetId, name: ruleset.name, hash: ruleset.hash },
    tally: new ContestTally(scoring ?? scoringOf(ruleset.scoring)),
    lastAcceptedAt: null,
    closedAt: null,
  };
}

/** The label views show of the ruleset a ContestCreated or ContestRulesetChanged carries. */
export function labelOf(event: StoredEvent): RulesetLabel {
  const ruleset = event.ruleset as RulesetLabel;
  return { rulesetId: ruleset.rulesetId, name: ruleset.name, hash: ruleset.hash };
}

/** The standings' asOf (RULESET.md): the close time of a closed contest, else the newest command. */
export function asOfOf(score: ContestScore): Date | null {
  return score.closedAt ?? score.lastAcceptedAt;
}

/** Feeds one accepted event of the contest to its tally. */
export function feedTally(score: ContestScore, event: StoredEvent): void {
  const tally = score.tally;
  switch (event.type) {
    case 'ContestClosed':
      score.closedAt = new Date(timeOf(String(event.closedAt)));
      return;
    case 'EntrySubmitted':
      tally.submitEntry({
        entryId: String(event.entryId),
        authorId: String(event.authorId),
        title: String(event.title),
        authorName: String(event.authorName),
        submittedAt: new Date(timeOf(String(event.submittedAt))),
      });
      return;
    case 'EntryWithdrawn':
      tally.withdrawEntry(String(event.entryId));
      return;
    case 'VoteCast':
      tally.castVote({
        entryId: String(event.entryId),
        voterId: String(event.voterId),
        value: event.value === -1 ? -1 : 1,
        at: new Date(timeOf(String(event.castAt))),
        voterRegisteredAt: new Date(msOf(String(event.voterRegisteredAt))),
      });
      return;
    case 'VoteRetracted':
      tally.retractVote({
        entryId: String(event.entryId),
        voterId: String(event.voterId),
        at: new Date(timeOf(String(event.retractedAt))),
      });
      return;
    case 'CommentAdded':
      tally.addComment({
        commentId: String(event.commentId),
        entryId: String(event.entryId),
        authorId: String(event.authorId),
        at: new Date(timeOf(String(event.createdAt))),
      });
      return;
    case 'CommentDeleted':
      tally.deleteComment(String(event.commentId));
      return;
    case 'ViewRecorded':
      tally.recordView({
        entryId: String(event.entryId),
        viewerKey: String(event.viewerKey),
        watchedSeconds: Number(event.watchedSeconds),
        at: new Date(timeOf(String(event.viewedAt))),
      });
      return;
    default:
      return;
  }
}
