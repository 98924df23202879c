import { CommandActor, ContestCommand } from '../contests/contest.commands';
import { IdentityCommand, Role, ROLES } from '../identity/identity.commands';
import { OperationsCommand } from '../operations/operations.commands';
import { CreateRuleset } from '../rulesets/rulesets';
import { CommandDecodeError, PayloadReader } from './stored-fields';

/** Every command a decider of this domain takes. */
export type DomainCommand = ContestCommand | IdentityCommand | CreateRuleset | OperationsCommand;
export type DomainCommandType = DomainCommand['type'];
type CommandOf<T extends DomainCommandType> = Extract<DomainCommand, { type: T }>;

/** A command as a command log row holds it: type, actor, time and payload. */
export interface StoredCommand {
  readonly type: string;
  readonly actorId: string | null;
  /** The actor's roles when the command arrived (the row's metadata). */
  readonly actorRoles: readonly string[];
  readonly receivedAt: Date;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** What the log stores of a command besides its type and time. */
export interface EncodedCommand {
  readonly payload: Record<string, unknown>;
  /** The log's actor_id: the user the command names as its actor, `system`, or null. */
  readonly actorId: string | null;
  readonly actorRoles: readonly Role[];
}

/**
 * One command type's translation, both ways, and the fields its accepted reply echoes. The
 * payload holds what the decider cannot find in state: ids and times minted at the edge, the
 * user's input, and outcomes of checks made outside the decider (a password's).
 */
interface TypeCodec<C extends DomainCommand> {
  encode(command: C): EncodedCommand;
  decode(read: PayloadReader, stored: StoredCommand): C;
  /** The fields of the accepted reply besides commandId and position. */
  reply(command: C): Record<string, unknown>;
}

/** The system's own commands (finalization) carry this actor id. */
export const SYSTEM_ACTOR = 'system';

const by = (actor: CommandActor, payload: Record<string, unknown>): EncodedCommand => ({
  payload,
  actorId: actor.userId,
  actorRoles: actor.roles,
});

const anonymous = (payload: Record<string, unknown>): EncodedCommand => ({
  payload,
  actorId: null,
  actorRoles: [],
});

function actorOf(stored: StoredCommand): CommandActor {
  if (stored.actorId === null) throw new CommandDecodeError(stored.type, 'actorId', 'a user id');
  const roles = stored.actorRoles.filter((r): r is Role =>
    (ROLES as readonly string[]).includes(r),
  );
  return { userId: stored.actorId, roles };
}

/** Keyed by every command type: a new command without a codec does not compile. */
const CODECS: { readonly [T in DomainCommandType]: TypeCodec<CommandOf<T>> } = {
  CreateContest: {
    encode: (c) =>
      by(c.owner, {
        contestId: c.contestId,
        title: c.title,
        description: c.description,
        category: c.category,
        submissionsCloseAt: c.submissionsCloseAt.toISOString(),
        ...(c.votingOpensAt ? { votingOpensAt: c.votingOpensAt.toISOString() } : {}),
        votingClosesAt: c.votingClosesAt.toISOString(),
        rulesetId: c.rulesetId,
      }),
    decode: (read, stored) => ({
      type: 'CreateContest',
      receivedAt: stored.receivedAt,
      contestId: read.text('contestId'),
      owner: actorOf(stored),
      title: read.text('title'),
      description: read.text('description'),
      category: read.text('category'),
      submissionsCloseAt: read.instant('submissionsCloseAt'),
      votingOpensAt: read.optionalInstant('votingOpensAt'),
      votingClosesAt: read.instant('votingClosesAt'),
      rulesetId: read.text('rulesetId'),
    }),
    reply: (c) => ({ contestId: c.contestId }),
  },
  CloseContest: {
    encode: (c) => by(c.actor, { contestId: c.contestId }),
    decode: (read, stored) => ({
      type: 'CloseContest',
      receivedAt: stored.receivedAt,
      contestId: read.text('contestId'),
      actor: actorOf(stored),
    }),
    reply: (c) => ({ contestId: c.contestId }),
  },
  FinalizeContest: {
    encode: (c) => ({ payload: { contestId: c.contestId }, actorId: SYSTEM_ACTOR, actorRoles: [] }),
    decode: (read, stored) => ({
      type: 'FinalizeContest',
      receivedAt: stored.receivedAt,
      contestId: read.text('contestId'),
    }),
    reply: (c) => ({ contestId: c.contestId }),
  },
  SubmitEntry: {
    encode: (c) =>
      by(c.author, {
        entryId: c.entryId,
        contestId: c.contestId,
        title: c.title,
        videoUrl: c.videoUrl,
        description: c.description,
      }),
    decode: (read, stored) => ({
      type: 'SubmitEntry',
      receivedAt: stored.receivedAt,
      entryId: read.text('entryId'),
      contestId: read.text('contestId'),
      author: actorOf(stored),
      title: read.text('title'),
      videoUrl: read.text('videoUrl'),
      description: read.text('description'),
    }),
    reply: (c) => ({ entryId: c.entryId }),
  },
  WithdrawEntry: {
    encode: (c) => by(c.actor, { entryId: c.entryId }),
    decode: (read, stored) => ({
      type: 'WithdrawEntry',
      receivedAt: stored.receivedAt,
      entryId: read.text('entryId'),
      actor: actorOf(stored),
    }),
    reply: (c) => ({ entryId: c.entryId }),
  },
  CastVote: {
    encode: (c) => by(c.voter, { entryId: c.entryId, value: c.value }),
    decode: (read, stored) => ({
      type: 'CastVote',
      receivedAt: stored.receivedAt,
      entryId: read.text('entryId'),
      voter: actorOf(stored),
      value: read.vote('value'),
    }),
    reply: (c) => ({ entryId: c.entryId, value: c.value }),
  },
  RetractVote: {
    encode: (c) => by(c.voter, { entryId: c.entryId }),
    decode: (read, stored) => ({
      type: 'RetractVote',
      receivedAt: stored.receivedAt,
      entryId: read.text('entryId'),
      voter: actorOf(stored),
    }),
    reply: (c) => ({ entryId: c.entryId }),
  },
  AddComment: {
    encode: (c) => by(c.author, { commentId: c.commentId, entryId: c.entryId, body: c.body }),
    decode: (read, stored) => ({
      type: 'AddComment',
      receivedAt: stored.receivedAt,
      commentId: read.text('commentId'),
      entryId: read.text('entryId'),
      author: actorOf(stored),
      body: read.text('body'),
    }),
    reply: (c) => ({ commentId: c.commentId }),
  },
  DeleteComment: {
    encode: (c) => by(c.actor, { commentId: c.commentId }),
    decode: (read, stored) => ({
      type: 'DeleteComment',
      receivedAt: stored.receivedAt,
      commentId: read.text('commentId'),
      actor: actorOf(stored),
    }),
    reply: (c) => ({ commentId: c.commentId }),
  },
  RecordView: {
    // A view names its viewer by key; a signed-in viewer's key holds the user id.
    encode: (c) => ({
      payload: { entryId: c.entryId, viewerKey: c.viewerKey, watchedSeconds: c.watchedSeconds },
      actorId: c.viewerKey.startsWith('user:') ? c.viewerKey.slice('user:'.length) : null,
      actorRoles: [],
    }),
    decode: (read, stored) => ({
      type: 'RecordView',
      receivedAt: stored.receivedAt,
      entryId: read.text('entryId'),
      viewerKey: read.text('viewerKey'),
      watchedSeconds: read.number('watchedSeconds'),
    }),
    reply: (c) => ({ entryId: c.entryId }),
  },
  ChangeContestRuleset: {
    encode: (c) => by(c.actor, { contestId: c.contestId, rulesetId: c.rulesetId }),
    decode: (read, stored) => ({
      type: 'ChangeContestRuleset',
      receivedAt: stored.receivedAt,
      contestId: read.text('contestId'),
      rulesetId: read.text('rulesetId'),
      actor: actorOf(stored),
    }),
    reply: (c) => ({ contestId: c.contestId, rulesetId: c.rulesetId }),
  },
  RegisterUser: {
    encode: (c) =>
      anonymous({
        userId: c.userId,
        username: c.username,
        email: c.email,
        displayName: c.displayName,
        // Only the bootstrap admin registers with roles; everyone else's payload has none.
        ...(c.initialRoles.length ? { initialRoles: c.initialRoles } : {}),
      }),
    decode: (read, stored) => ({
      type: 'RegisterUser',
      receivedAt: stored.receivedAt,
      userId: read.text('userId'),
      username: read.text('username'),
      email: read.text('email'),
      displayName: read.text('displayName'),
      initialRoles: read.roles('initialRoles'),
    }),
    reply: (c) => ({ userId: c.userId }),
  },
  LogIn: {
    // The password never reaches the log: only whether it matched.
    encode: (c) => anonymous({ username: c.username, passwordMatches: c.passwordMatches }),
    decode: (read, stored) => ({
      type: 'LogIn',
      receivedAt: stored.receivedAt,
      username: read.text('username'),
      passwordMatches: read.boolean('passwordMatches'),
    }),
    reply: () => ({}),
  },
  LogOut: {
    encode: (c) => ({ payload: { userId: c.userId }, actorId: c.userId, actorRoles: [] }),
    decode: (read, stored) => ({
      type: 'LogOut',
      receivedAt: stored.receivedAt,
      userId: read.text('userId'),
    }),
    reply: () => ({}),
  },
  GrantRole: {
    encode: (c) => ({
      payload: { userId: c.userId, role: c.role },
      actorId: c.actorId,
      actorRoles: c.actorRoles,
    }),
    decode: (read, stored) => {
      const actor = actorOf(stored);
      return {
        type: 'GrantRole',
        receivedAt: stored.receivedAt,
        actorId: actor.userId,
        actorRoles: actor.roles,
        userId: read.text('userId'),
        role: read.role('role'),
      };
    },
    reply: (c) => ({ userId: c.userId, role: c.role }),
  },
  CreateRuleset: {
    encode: (c) => ({
      payload: {
        rulesetId: c.ruleset.rulesetId,
        name: c.ruleset.name,
        hash: c.ruleset.hash,
        definition: { acceptance: c.ruleset.acceptance, scoring: c.ruleset.scoring },
      },
      actorId: c.createdBy,
      actorRoles: [],
    }),
    decode: (read, stored) => {
      const definition = new PayloadReader(stored.type, read.object('definition'));
      return {
        type: 'CreateRuleset',
        receivedAt: stored.receivedAt,
        ruleset: {
          rulesetId: read.text('rulesetId'),
          name: read.text('name'),
          hash: read.text('hash'),
          // Validated by the ranking engine before it was stored; read back as it was.
          acceptance: definition.object('acceptance') as never,
          scoring: definition.object('scoring'),
        },
        createdBy: actorOf(stored).userId,
      };
    },
    reply: (c) => ({ rulesetId: c.ruleset.rulesetId, hash: c.ruleset.hash }),
  },
  RequestReplay: {
    encode: (c) => ({
      payload: {
        replayId: c.replayId,
        contestId: c.contestId,
        rulesetId: c.rulesetId,
        definition: c.definition,
        asOf: c.asOf?.toISOString() ?? null,
      },
      actorId: c.requestedBy,
      actorRoles: [],
    }),
    decode: (read, stored) => ({
      type: 'RequestReplay',
      receivedAt: stored.receivedAt,
      replayId: read.text('replayId'),
      contestId: read.text('contestId'),
      rulesetId: read.nullable('rulesetId', () => read.text('rulesetId')),
      definition: read.nullable('definition', () => read.object('definition')),
      asOf: read.nullable('asOf', () => read.instant('asOf')),
      requestedBy: actorOf(stored).userId,
    }),
    reply: (c) => ({ replayId: c.replayId }),
  },
  RebuildProjection: {
    encode: (c) => ({
      payload: { projection: c.projection },
      actorId: c.requestedBy,
      actorRoles: [],
    }),
    decode: (read, stored) => ({
      type: 'RebuildProjection',
      receivedAt: stored.receivedAt,
      projection: read.text('projection'),
      requestedBy: actorOf(stored).userId,
    }),
    reply: (c) => ({ projection: c.projection }),
  },
  RetryDeadLetter: {
    encode: (c) => ({
      payload: { id: c.deadLetterId, action: 'retry' },
      actorId: c.requestedBy,
      actorRoles: [],
    }),
    decode: (read, stored) => ({
      type: read.literal('action', 'retry') && 'RetryDeadLetter',
      receivedAt: stored.receivedAt,
      deadLetterId: read.number('id'),
      requestedBy: actorOf(stored).userId,
    }),
    reply: (c) => ({ id: c.deadLetterId, action: 'retry' }),
  },
  SkipDeadLetter: {
    encode: (c) => ({
      payload: { id: c.deadLetterId, action: 'skip' },
      actorId: c.requestedBy,
      actorRoles: [],
    }),
    decode: (read, stored) => ({
      type: read.literal('action', 'skip') && 'SkipDeadLetter',
      receivedAt: stored.receivedAt,
      deadLetterId: read.number('id'),
      requestedBy: actorOf(stored).userId,
    }),
    reply: (c) => ({ id: c.deadLetterId, action: 'skip' }),
  },
};

function isDomainCommandType(type: string): type is DomainCommandType {
  return Object.prototype.hasOwnProperty.call(CODECS, type);
}

function codecOf<C extends DomainCommand>(command: C): TypeCodec<C> {
  return CODECS[command.type] as unknown as TypeCodec<C>;
}

/** The payload and actor the log stores for a command. */
export function encodeCommand(command: DomainCommand): EncodedCommand {
  return codecOf(command).encode(command);
}

/**
 * The command a log row carried, as its decider saw it. Throws CommandDecodeError for a type
 * this domain does not decide or a payload that lacks what the type needs.
 */
export function decodeCommand(stored: StoredCommand): DomainCommand {
  if (!isDomainCommandType(stored.type))
    throw new CommandDecodeError(stored.type, 'type', 'a command type of the domain');
  const codec = CODECS[stored.type] as TypeCodec<DomainCommand>;
  return codec.decode(new PayloadReader(stored.type, stored.payload), stored);
}

/** The fields an accepted command's reply echoes, besides commandId and position. */
export function acceptedReplyOf(command: DomainCommand): Record<string, unknown> {
  return codecOf(command).reply(command);
}
