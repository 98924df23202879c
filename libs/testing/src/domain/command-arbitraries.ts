import fc from 'fast-check';
import { CommandActor, DomainCommand, DomainCommandType, Role, ROLES } from '@contest/domain';

type CommandOf<T extends DomainCommandType> = Extract<DomainCommand, { type: T }>;

const id = fc.uuid();
const text = fc.string({ maxLength: 40 });
// Whole milliseconds inside the years ISO-8601 writes with four digits.
const instant = fc
  .integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31) })
  .map((ms) => new Date(ms));
const roles = fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: ROLES.length });
const actor: fc.Arbitrary<CommandActor> = fc.record({ userId: id, roles });
const role: fc.Arbitrary<Role> = fc.constantFrom(...ROLES);
const acceptance = fc.record({
  allowDownvotes: fc.boolean(),
  allowSelfVotes: fc.boolean(),
  minAccountAgeHoursToVote: fc.nat(1000),
  maxVotesPerUserPerContest: fc.option(fc.nat(100), { nil: null }),
  maxEntriesPerUserPerContest: fc.integer({ min: 1, max: 10 }),
});

/** Keyed by every command type: a new command without an arbitrary does not compile. */
export const COMMAND_ARBITRARIES: {
  readonly [T in DomainCommandType]: fc.Arbitrary<CommandOf<T>>;
} = {
  CreateContest: fc.record({
    type: fc.constant('CreateContest' as const),
    receivedAt: instant,
    contestId: id,
    owner: actor,
    title: text,
    description: text,
    category: text,
    submissionsCloseAt: instant,
    votingOpensAt: fc.option(instant, { nil: null }),
    votingClosesAt: instant,
    rulesetId: text,
  }),
  CloseContest: fc.record({
    type: fc.constant('CloseContest' as const),
    receivedAt: instant,
    contestId: id,
    actor,
  }),
  FinalizeContest: fc.record({
    type: fc.constant('FinalizeContest' as const),
    receivedAt: instant,
    contestId: id,
  }),
  SubmitEntry: fc.record({
    type: fc.constant('SubmitEntry' as const),
    receivedAt: instant,
    entryId: id,
    contestId: id,
    author: actor,
    title: text,
    videoUrl: fc.webUrl(),
    description: text,
  }),
  WithdrawEntry: fc.record({
    type: fc.constant('WithdrawEntry' as const),
    receivedAt: instant,
    entryId: id,
    actor,
  }),
  CastVote: fc.record({
    type: fc.constant('CastVote' as const),
    receivedAt: instant,
    entryId: id,
    voter: actor,
    value: fc.constantFrom(1 as const, -1 as const),
  }),
  RetractVote: fc.record({
    type: fc.constant('RetractVote' as const),
    receivedAt: instant,
    entryId: id,
    voter: actor,
  }),
  AddComment: fc.record({
    type: fc.constant('AddComment' as const),
    receivedAt: instant,
    commentId: id,
    entryId: id,
    author: actor,
    body: text,
  }),
  DeleteComment: fc.record({
    type: fc.constant('DeleteComment' as const),
    receivedAt: instant,
    commentId: id,
    actor,
  }),
  RecordView: fc.record({
    type: fc.constant('RecordView' as const),
    receivedAt: instant,
    entryId: id,
    viewerKey: fc.oneof(
      id.map((u) => `user:${u}`),
      text.map((t) => `anon:${t}`),
    ),
    watchedSeconds: fc.integer({ min: 0, max: 86_400 }),
  }),
  ChangeContestRuleset: fc.record({
    type: fc.constant('ChangeContestRuleset' as const),
    receivedAt: instant,
    contestId: id,
    rulesetId: text,
    actor,
  }),
  RegisterUser: fc.record({
    type: fc.constant('RegisterUser' as const),
    receivedAt: instant,
    userId: id,
    username: text,
    email: fc.emailAddress(),
    displayName: text,
    initialRoles: roles,
  }),
  LogIn: fc.record({
    type: fc.constant('LogIn' as const),
    receivedAt: instant,
    username: text,
    passwordMatches: fc.boolean(),
  }),
  LogOut: fc.record({ type: fc.constant('LogOut' as const), receivedAt: instant, userId: id }),
  GrantRole: fc.record({
    type: fc.constant('GrantRole' as const),
    receivedAt: instant,
    actorId: id,
    actorRoles: roles,
    userId: id,
    role,
  }),
  CreateRuleset: fc.record({
    type: fc.constant('CreateRuleset' as const),
    receivedAt: instant,
    ruleset: fc.record({
      rulesetId: id,
      name: text,
      hash: fc.stringMatching(/^[0-9a-f]{64}$/),
      acceptance,
      scoring: fc.dictionary(
        fc.constantFrom('votes', 'decay', 'precision'),
        // As JSON gives it back (no -0): a stored ruleset is JSON.
        fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown),
      ),
    }),
    createdBy: id,
  }),
  RequestReplay: fc.record({
    type: fc.constant('RequestReplay' as const),
    receivedAt: instant,
    replayId: id,
    contestId: id,
    rulesetId: fc.option(text, { nil: null }),
    definition: fc.option(
      fc.dictionary(
        text,
        fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown),
      ),
      { nil: null },
    ),
    asOf: fc.option(instant, { nil: null }),
    requestedBy: id,
  }),
  RebuildProjection: fc.record({
    type: fc.constant('RebuildProjection' as const),
    receivedAt: instant,
    projection: text,
    requestedBy: id,
  }),
  RetryDeadLetter: fc.record({
    type: fc.constant('RetryDeadLetter' as const),
    receivedAt: instant,
    deadLetterId: fc.nat(),
    requestedBy: id,
  }),
  SkipDeadLetter: fc.record({
    type: fc.constant('SkipDeadLetter' as const),
    receivedAt: instant,
    deadLetterId: fc.nat(),
    requestedBy: id,
  }),
};
