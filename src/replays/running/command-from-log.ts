import { CommandActor, ContestCommand, Role } from '@contest/domain';
import { StoredEvent } from '../../command-log/stored-event';

/** A command log row as replays read it. */
export interface ReplayRow {
  readonly position: number;
  readonly type: string;
  readonly actorId: string | null;
  readonly receivedAt: Date;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly metadata: { readonly actorRoles?: readonly string[]; readonly stage?: string };
  readonly status: 'accepted' | 'rejected';
  readonly rejectionCode: string | null;
  readonly events: readonly StoredEvent[];
}

const str = (payload: Readonly<Record<string, unknown>>, field: string): string =>
  String(payload[field] ?? '');
const date = (payload: Readonly<Record<string, unknown>>, field: string): Date =>
  new Date(str(payload, field));

/**
 * The contest command a decided log row carried, rebuilt from what the row stores: payload
 * (ids and time were minted at the edge), actor and roles. Null for rows no contest decider
 * saw: other modules' commands and refusals at the edge.
 */
export function contestCommandOf(row: ReplayRow): ContestCommand | null {
  if (row.metadata.stage === 'edge') return null;
  const p = row.payload;
  const receivedAt = row.receivedAt;
  const actor: CommandActor = {
    userId: row.actorId ?? '',
    roles: (row.metadata.actorRoles ?? ['user']) as Role[],
  };
  switch (row.type) {
    case 'CreateContest':
      return {
        type: 'CreateContest',
        receivedAt,
        contestId: str(p, 'contestId'),
        owner: actor,
        title: str(p, 'title'),
        description: str(p, 'description'),
        category: str(p, 'category'),
        submissionsCloseAt: date(p, 'submissionsCloseAt'),
        votingOpensAt: p.votingOpensAt ? date(p, 'votingOpensAt') : null,
        votingClosesAt: date(p, 'votingClosesAt'),
        rulesetId: str(p, 'rulesetId'),
      };
    case 'CloseContest':
      return { type: 'CloseContest', receivedAt, contestId: str(p, 'contestId'), actor };
    case 'FinalizeContest':
      return { type: 'FinalizeContest', receivedAt, contestId: str(p, 'contestId') };
    case 'SubmitEntry':
      return {
        type: 'SubmitEntry',
        receivedAt,
        entryId: str(p, 'entryId'),
        contestId: str(p, 'contestId'),
        author: actor,
        title: str(p, 'title'),
        videoUrl: str(p, 'videoUrl'),
        description: str(p, 'description'),
      };
    case 'WithdrawEntry':
      return { type: 'WithdrawEntry', receivedAt, entryId: str(p, 'entryId'), actor };
    case 'CastVote':
      return {
        type: 'CastVote',
        receivedAt,
        entryId: str(p, 'entryId'),
        voter: actor,
        value: p.value === -1 ? -1 : 1,
      };
    case 'RetractVote':
      return { type: 'RetractVote', receivedAt, entryId: str(p, 'entryId'), voter: actor };
    case 'AddComment':
      return {
        type: 'AddComment',
        receivedAt,
        commentId: str(p, 'commentId'),
        entryId: str(p, 'entryId'),
        author: actor,
        body: str(p, 'body'),
      };
    case 'DeleteComment':
      return { type: 'DeleteComment', receivedAt, commentId: str(p, 'commentId'), actor };
    case 'RecordView':
      return {
        type: 'RecordView',
        receivedAt,
        entryId: str(p, 'entryId'),
        viewerKey: str(p, 'viewerKey'),
        watchedSeconds: Number(p.watchedSeconds),
      };
    case 'ChangeContestRuleset':
      return {
        type: 'ChangeContestRuleset',
        receivedAt,
        contestId: str(p, 'contestId'),
        rulesetId: str(p, 'rulesetId'),
        actor,
      };
    default:
      return null;
  }
}
