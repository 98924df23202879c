import { assertNever } from '../decision';
import { IdentityEvent } from '../identity/identity.events';
import { ContestEvent } from './contest.events';
import { ContestState, inContest, pairKey } from './contest.state';

const bump = (map: Map<string, number>, key: string, by: number) => {
  const next = (map.get(key) ?? 0) + by;
  if (next === 0) map.delete(key);
  else map.set(key, next);
};

/** Applies one event to the state, in place (see ContestState), and returns it. */
export function evolveContest(state: ContestState, event: ContestEvent): ContestState {
  switch (event.type) {
    case 'ContestCreated':
      state.contests.set(event.contestId, {
        contestId: event.contestId,
        ownerId: event.ownerId,
        submissionsCloseAt: event.submissionsCloseAt,
        votingOpensAt: event.votingOpensAt,
        votingClosesAt: event.votingClosesAt,
        closedAt: null,
        finalized: false,
        rulesetId: event.rulesetId,
        acceptance: event.acceptance,
      });
      return state;
    case 'ContestClosed': {
      const contest = state.contests.get(event.contestId);
      if (contest) {
        state.contests.set(event.contestId, {
          ...contest,
          closedAt: event.closedAt,
          finalized: event.reason === 'finalized',
        });
      }
      return state;
    }
    case 'EntrySubmitted':
      state.entries.set(event.entryId, {
        entryId: event.entryId,
        contestId: event.contestId,
        authorId: event.authorId,
        withdrawn: false,
      });
      bump(state.liveEntries, inContest(event.contestId, event.authorId), 1);
      return state;
    case 'EntryWithdrawn': {
      const entry = state.entries.get(event.entryId);
      if (entry) state.entries.set(event.entryId, { ...entry, withdrawn: true });
      bump(state.liveEntries, inContest(event.contestId, event.authorId), -1);
      return state;
    }
    case 'VoteCast':
      state.votes.set(pairKey(event.entryId, event.voterId), event.value);
      if (event.previousValue === null)
        bump(state.activeVotes, inContest(event.contestId, event.voterId), 1);
      return state;
    case 'VoteRetracted':
      state.votes.delete(pairKey(event.entryId, event.voterId));
      bump(state.activeVotes, inContest(event.contestId, event.voterId), -1);
      return state;
    case 'CommentAdded':
      state.comments.set(event.commentId, {
        commentId: event.commentId,
        entryId: event.entryId,
        contestId: event.contestId,
        authorId: event.authorId,
        deleted: false,
      });
      return state;
    case 'CommentDeleted': {
      const comment = state.comments.get(event.commentId);
      if (comment) state.comments.set(event.commentId, { ...comment, deleted: true });
      return state;
    }
    case 'ViewRecorded':
      return state;
    case 'ContestRulesetChanged': {
      const contest = state.contests.get(event.contestId);
      if (contest) {
        state.contests.set(event.contestId, {
          ...contest,
          rulesetId: event.ruleset.rulesetId,
          acceptance: event.acceptance,
        });
      }
      return state;
    }
    default:
      return assertNever(event);
  }
}

/** The identity facts contest deciders need: who exists, since when, under which name. */
export function evolveContestAccounts(state: ContestState, event: IdentityEvent): ContestState {
  if (event.type === 'UserRegistered') {
    state.accounts.set(event.userId, {
      userId: event.userId,
      displayName: event.displayName,
      registeredAt: event.registeredAt,
    });
  }
  return state;
}
