import { accept, assertNever, Decision, reject } from '../decision';
import {
  AddComment,
  CastVote,
  ChangeContestRuleset,
  CloseContest,
  CommandActor,
  ContestCommand,
  CreateContest,
  DeleteComment,
  FinalizeContest,
  RecordView,
  RetractVote,
  SubmitEntry,
  WithdrawEntry,
} from './contest.commands';
import { ContestEvent } from './contest.events';
import { ContestRecord, ContestState, EntryRecord, inContest, pairKey } from './contest.state';
import { isoOf, msOf } from '../instants';
import { isClosed, submissionsOpen, votingNotYetOpen, votingOver } from './schedule';

type Outcome = Decision<ContestEvent>;

/**
 * Final means final (docs/DESIGN.md): a command the schedule would still accept, because it was
 * received before the close, is refused once the contest's finalization has been decided (it
 * was slow, queued, or decided by another process). Its votes, views and comments would all move
 * the standings marked final; a comment's deletion too, as comments weigh in the score. What
 * the schedule refuses anyway keeps its own code (VOTING_CLOSED, COMMENTS_CLOSED, ...).
 */
export function decideContest(command: ContestCommand, state: ContestState): Outcome {
  const decision = decideOnSchedule(command, state);
  const contestId = decision.status === 'accepted' ? contestIdOf(command, state) : undefined;
  const contest = contestId === undefined ? undefined : state.contests.get(contestId);
  if (!contest?.finalized) return decision;
  return reject(
    'CONTEST_FINALIZED',
    `The standings of this contest are final (voting closed at ${contest.votingClosesAt}).`,
  );
}

/**
 * The contest a command acts on, through the entry or comment it names; undefined when the
 * state does not know that entry or comment.
 */
export function contestIdOf(command: ContestCommand, state: ContestState): string | undefined {
  switch (command.type) {
    case 'CreateContest':
    case 'CloseContest':
    case 'FinalizeContest':
    case 'ChangeContestRuleset':
    case 'SubmitEntry':
      return command.contestId;
    case 'DeleteComment':
      return state.comments.get(command.commentId)?.contestId;
    case 'WithdrawEntry':
    case 'CastVote':
    case 'RetractVote':
    case 'AddComment':
    case 'RecordView':
      return state.entries.get(command.entryId)?.contestId;
    default:
      return assertNever(command);
  }
}

function decideOnSchedule(command: ContestCommand, state: ContestState): Outcome {
  switch (command.type) {
    case 'CreateContest':
      return createContest(command, state);
    case 'CloseContest':
      return closeContest(command, state);
    case 'FinalizeContest':
      return finalizeContest(command, state);
    case 'SubmitEntry':
      return submitEntry(command, state);
    case 'WithdrawEntry':
      return withdrawEntry(command, state);
    case 'CastVote':
      return castVote(command, state);
    case 'RetractVote':
      return retractVote(command, state);
    case 'AddComment':
      return addComment(command, state);
    case 'DeleteComment':
      return deleteComment(command, state);
    case 'RecordView':
      return recordView(command, state);
    case 'ChangeContestRuleset':
      return changeRuleset(command, state);
    default:
      return assertNever(command);
  }
}

const isStaff = (actor: CommandActor) => actor.roles.includes('admin');
const nameOf = (state: ContestState, userId: string) =>
  state.accounts.get(userId)?.displayName ?? userId;

function createContest(command: CreateContest, state: ContestState): Outcome {
  const ruleset = state.rulesets.get(command.rulesetId);
  if (ruleset === undefined) {
    return reject('RULESET_NOT_FOUND', `No ruleset has the id ${command.rulesetId}.`);
  }
  const now = command.receivedAt.getTime();
  const submissionsClose = command.submissionsCloseAt.getTime();
  const votingOpens = (command.votingOpensAt ?? command.receivedAt).getTime();
  const votingCloses = command.votingClosesAt.getTime();
  if (submissionsClose <= now) {
    return reject('INVALID_SCHEDULE', 'submissionsCloseAt must be in the future.');
  }
  if (votingCloses <= votingOpens) {
    return reject('INVALID_SCHEDULE', 'votingClosesAt must be after votingOpensAt.');
  }
  if (submissionsClose > votingCloses) {
    return reject('INVALID_SCHEDULE', 'submissionsCloseAt must not be after votingClosesAt.');
  }
  return accept({
    type: 'ContestCreated',
    contestId: command.contestId,
    ownerId: command.owner.userId,
    ownerName: nameOf(state, command.owner.userId),
    title: command.title,
    description: command.description,
    category: command.category,
    submissionsCloseAt: isoOf(command.submissionsCloseAt),
    votingOpensAt: new Date(votingOpens).toISOString(),
    votingClosesAt: isoOf(command.votingClosesAt),
    rulesetId: command.rulesetId,
    acceptance: ruleset.acceptance,
    ruleset,
    createdAt: isoOf(command.receivedAt),
  });
}

function contestOrReject(state: ContestState, contestId: string): ContestRecord | Outcome {
  const contest = state.contests.get(contestId);
  return contest ?? reject('CONTEST_NOT_FOUND', `No contest has the id ${contestId}.`);
}

function closeContest(command: CloseContest, state: ContestState): Outcome {
  const contest = contestOrReject(state, command.contestId);
  if ('status' in contest) return contest;
  if (contest.ownerId !== command.actor.userId && !isStaff(command.actor)) {
    return reject('NOT_CONTEST_OWNER', 'Only the owner of the contest or an admin can close it.');
  }
  if (isClosed(contest, command.receivedAt)) {
    return reject('CONTEST_CLOSED', 'The contest is already closed.');
  }
  return accept({
    type: 'ContestClosed',
    contestId: contest.contestId,
    closedAt: isoOf(command.receivedAt),
    reason: 'closed',
    closedBy: command.actor.userId,
  });
}

function finalizeContest(command: FinalizeContest, state: ContestState): Outcome {
  const contest = contestOrReject(state, command.contestId);
  if ('status' in contest) return contest;
  if (contest.closedAt !== null) return reject('CONTEST_CLOSED', 'The contest is already closed.');
  if (command.receivedAt.getTime() < msOf(contest.votingClosesAt)) {
    return reject('VOTING_NOT_OVER', `Voting is open until ${contest.votingClosesAt}.`);
  }
  return accept({
    type: 'ContestClosed',
    contestId: contest.contestId,
    closedAt: contest.votingClosesAt,
    reason: 'finalized',
    closedBy: 'system',
  });
}

function submitEntry(command: SubmitEntry, state: ContestState): Outcome {
  const contest = contestOrReject(state, command.contestId);
  if ('status' in contest) return contest;
  if (!submissionsOpen(contest, command.receivedAt)) {
    return reject(
      'SUBMISSIONS_CLOSED',
      `Entries were accepted until ${contest.submissionsCloseAt}.`,
    );
  }
  const live = state.liveEntries.get(inContest(contest.contestId, command.author.userId)) ?? 0;
  const max = contest.acceptance.maxEntriesPerUserPerContest;
  if (live >= max) {
    return reject(
      'ALREADY_SUBMITTED',
      `This contest takes ${max} entr${max === 1 ? 'y' : 'ies'} per user.`,
    );
  }
  return accept({
    type: 'EntrySubmitted',
    entryId: command.entryId,
    contestId: contest.contestId,
    authorId: command.author.userId,
    authorName: nameOf(state, command.author.userId),
    title: command.title,
    videoUrl: command.videoUrl,
    description: command.description,
    submittedAt: isoOf(command.receivedAt),
  });
}

/** The entry and its contest, or the refusal for a missing one. */
function entryOrReject(
  state: ContestState,
  entryId: string,
): [EntryRecord, ContestRecord] | Outcome {
  const entry = state.entries.get(entryId);
  const contest = entry && state.contests.get(entry.contestId);
  if (!entry || !contest) return reject('ENTRY_NOT_FOUND', `No entry has the id ${entryId}.`);
  return [entry, contest];
}

function withdrawEntry(command: WithdrawEntry, state: ContestState): Outcome {
  const found = entryOrReject(state, command.entryId);
  if ('status' in found) return found;
  const [entry, contest] = found;
  if (entry.authorId !== command.actor.userId) {
    return reject('NOT_ENTRY_AUTHOR', 'Only the author can withdraw an entry.');
  }
  if (isClosed(contest, command.receivedAt))
    return reject('CONTEST_CLOSED', 'The contest is closed.');
  if (entry.withdrawn) return reject('ENTRY_WITHDRAWN', 'The entry is already withdrawn.');
  return accept({
    type: 'EntryWithdrawn',
    entryId: entry.entryId,
    contestId: contest.contestId,
    authorId: entry.authorId,
    withdrawnAt: isoOf(command.receivedAt),
  });
}

function castVote(command: CastVote, state: ContestState): Outcome {
  const found = entryOrReject(state, command.entryId);
  if ('status' in found) return found;
  const [entry, contest] = found;
  const policy = contest.acceptance;
  const at = command.receivedAt;
  if (entry.withdrawn) return reject('ENTRY_WITHDRAWN', 'The entry was withdrawn.');
  if (votingNotYetOpen(contest, at))
    return reject('VOTING_NOT_OPEN', `Voting opens at ${contest.votingOpensAt}.`);
  if (votingOver(contest, at)) return reject('VOTING_CLOSED', 'Voting in this contest is closed.');
  const voterId = command.voter.userId;
  if (!policy.allowSelfVotes && entry.authorId === voterId) {
    return reject('SELF_VOTE_FORBIDDEN', 'You cannot vote for your own entry.');
  }
  if (!policy.allowDownvotes && command.value === -1) {
    return reject('DOWNVOTES_DISABLED', 'This contest does not take downvotes.');
  }
  const account = state.accounts.get(voterId);
  const registeredAt = account?.registeredAt ?? isoOf(at);
  const ageHours = (at.getTime() - msOf(registeredAt)) / 3_600_000;
  if (ageHours < policy.minAccountAgeHoursToVote) {
    return reject(
      'ACCOUNT_TOO_NEW',
      `Accounts can vote ${policy.minAccountAgeHoursToVote} hours after registering.`,
    );
  }
  const previous = state.votes.get(pairKey(entry.entryId, voterId)) ?? null;
  if (previous === command.value) return reject('ALREADY_VOTED', 'You already cast this vote.');
  const active = state.activeVotes.get(inContest(contest.contestId, voterId)) ?? 0;
  const max = policy.maxVotesPerUserPerContest;
  if (previous === null && max !== null && active >= max) {
    return reject(
      'VOTE_LIMIT_REACHED',
      `You have used all ${max} votes of this contest; retract one first.`,
    );
  }
  return accept({
    type: 'VoteCast',
    entryId: entry.entryId,
    contestId: contest.contestId,
    voterId,
    value: command.value,
    previousValue: previous,
    castAt: isoOf(at),
    voterRegisteredAt: registeredAt,
  });
}

function retractVote(command: RetractVote, state: ContestState): Outcome {
  const found = entryOrReject(state, command.entryId);
  if ('status' in found) return found;
  const [entry, contest] = found;
  if (votingOver(contest, command.receivedAt))
    return reject('VOTING_CLOSED', 'Voting in this contest is closed.');
  const previous = state.votes.get(pairKey(entry.entryId, command.voter.userId));
  if (previous === undefined)
    return reject('NO_VOTE_TO_RETRACT', 'You have no vote on this entry.');
  return accept({
    type: 'VoteRetracted',
    entryId: entry.entryId,
    contestId: contest.contestId,
    voterId: command.voter.userId,
    previousValue: previous,
    retractedAt: isoOf(command.receivedAt),
  });
}

function addComment(command: AddComment, state: ContestState): Outcome {
  const found = entryOrReject(state, command.entryId);
  if ('status' in found) return found;
  const [entry, contest] = found;
  const at = command.receivedAt;
  if (entry.withdrawn) return reject('ENTRY_WITHDRAWN', 'The entry was withdrawn.');
  if (votingNotYetOpen(contest, at) || votingOver(contest, at)) {
    return reject(
      'COMMENTS_CLOSED',
      `Comments are open from ${contest.votingOpensAt} until voting closes.`,
    );
  }
  return accept({
    type: 'CommentAdded',
    commentId: command.commentId,
    entryId: entry.entryId,
    contestId: contest.contestId,
    authorId: command.author.userId,
    authorName: nameOf(state, command.author.userId),
    body: command.body,
    createdAt: isoOf(at),
  });
}

function deleteComment(command: DeleteComment, state: ContestState): Outcome {
  const comment = state.comments.get(command.commentId);
  if (!comment || comment.deleted)
    return reject('COMMENT_NOT_FOUND', `No comment has the id ${command.commentId}.`);
  const moderates =
    command.actor.roles.includes('moderator') || command.actor.roles.includes('admin');
  if (comment.authorId !== command.actor.userId && !moderates) {
    return reject(
      'NOT_COMMENT_AUTHOR',
      'Only the author, a moderator or an admin can delete a comment.',
    );
  }
  return accept({
    type: 'CommentDeleted',
    commentId: comment.commentId,
    entryId: comment.entryId,
    contestId: comment.contestId,
    authorId: comment.authorId,
    deletedBy: command.actor.userId,
    deletedAt: isoOf(command.receivedAt),
  });
}

function recordView(command: RecordView, state: ContestState): Outcome {
  const found = entryOrReject(state, command.entryId);
  if ('status' in found) return found;
  const [entry, contest] = found;
  if (entry.withdrawn) return reject('ENTRY_WITHDRAWN', 'The entry was withdrawn.');
  if (isClosed(contest, command.receivedAt))
    return reject('CONTEST_CLOSED', 'The contest is closed.');
  return accept({
    type: 'ViewRecorded',
    entryId: entry.entryId,
    contestId: contest.contestId,
    viewerKey: command.viewerKey,
    watchedSeconds: command.watchedSeconds,
    viewedAt: isoOf(command.receivedAt),
  });
}

function changeRuleset(command: ChangeContestRuleset, state: ContestState): Outcome {
  const contest = contestOrReject(state, command.contestId);
  if ('status' in contest) return contest;
  if (!isStaff(command.actor))
    return reject('FORBIDDEN', 'Only an admin can change the ruleset of a contest.');
  const ruleset = state.rulesets.get(command.rulesetId);
  if (ruleset === undefined)
    return reject('RULESET_NOT_FOUND', `No ruleset has the id ${command.rulesetId}.`);
  if (isClosed(contest, command.receivedAt))
    return reject('CONTEST_CLOSED', 'The contest is closed.');
  return accept({
    type: 'ContestRulesetChanged',
    contestId: contest.contestId,
    ruleset,
    acceptance: ruleset.acceptance,
    changedBy: command.actor.userId,
    changedAt: isoOf(command.receivedAt),
  });
}
