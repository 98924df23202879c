import { msOf } from '../instants';
import { ContestRecord } from './contest.state';

/**
 * docs/API.md's schedule, decided from a command's receivedAt. An early close counts from its own
 * time, like the schedule's times do, so a history written after the fact (a seed, an import)
 * is judged the way it would have been live.
 */
function closedBy(contest: ContestRecord, at: Date): boolean {
  return contest.closedAt !== null && at.getTime() >= msOf(contest.closedAt);
}

export function submissionsOpen(contest: ContestRecord, at: Date): boolean {
  return !closedBy(contest, at) && at.getTime() < msOf(contest.submissionsCloseAt);
}

export function votingNotYetOpen(contest: ContestRecord, at: Date): boolean {
  return at.getTime() < msOf(contest.votingOpensAt);
}

/** Closed early by its owner, or past votingClosesAt whether or not finalization has run. */
export function votingOver(contest: ContestRecord, at: Date): boolean {
  return closedBy(contest, at) || at.getTime() >= msOf(contest.votingClosesAt);
}

export function isClosed(contest: ContestRecord, at: Date): boolean {
  return votingOver(contest, at);
}
