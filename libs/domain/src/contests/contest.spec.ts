import { deciderSpec } from '@contest/testing';
import {
  AcceptancePolicy,
  CommandActor,
  ContestCommand,
  ContestCreated,
  ContestEvent,
  ContestState,
  decideContest,
  emptyContestState,
  EntrySubmitted,
  evolveContest,
  STANDARD_ACCEPTANCE,
  UserRegistered,
  evolveContestAccounts,
} from '@contest/domain';

type Fact = ContestEvent | UserRegistered;
const spec = deciderSpec<ContestCommand, Fact, ContestState>({
  decide: decideContest as (c: ContestCommand, s: ContestState) => ReturnType<typeof decideContest>,
  evolve: (state, event) =>
    event.type === 'UserRegistered'
      ? evolveContestAccounts(state, event)
      : evolveContest(state, event),
  initialState: () => {
    const state = emptyContestState();
    state.rulesets.set('standard-v1', STANDARD_RULESET);
    return state;
  },
});

const STANDARD_RULESET = {
  rulesetId: 'standard-v1',
  name: 'standard-v1',
  hash: 'h',
  acceptance: STANDARD_ACCEPTANCE,
  scoring: {},
};

const T = Date.parse('2026-06-01T00:00:00.000Z');
const at = (hours: number) => new Date(T + hours * 3_600_000);
const iso = (hours: number) => at(hours).toISOString();

const owner: CommandActor = { userId: 'u-owner', roles: ['user'] };
const author: CommandActor = { userId: 'u-author', roles: ['user'] };
const voter: CommandActor = { userId: 'u-voter', roles: ['user'] };
const admin: CommandActor = { userId: 'u-admin', roles: ['user', 'admin'] };
const moderator: CommandActor = { userId: 'u-mod', roles: ['user', 'moderator'] };

const registered = (userId: string, hours = -1000): UserRegistered => ({
  type: 'UserRegistered',
  userId,
  username: userId,
  email: `${userId}@example.com`,
  displayName: `Name of ${userId}`,
  roles: ['user'],
  registeredAt: iso(hours),
});

/** Submissions close at +10 h, voting opens at +5 h and closes at +20 h. */
const created = (acceptance: Partial<AcceptancePolicy> = {}): ContestCreated => ({
  type: 'ContestCreated',
  contestId: 'c1',
  ownerId: owner.userId,
  ownerName: 'Name of u-owner',
  title: 'Air guitar',
  description: '',
  category: 'music',
  submissionsCloseAt: iso(10),
  votingOpensAt: iso(5),
  votingClosesAt: iso(20),
  rulesetId: 'standard-v1',
  acceptance: { ...STANDARD_ACCEPTANCE, ...acceptance },
  ruleset: STANDARD_RULESET,
  createdAt: iso(0),
});

const submitted = (entryId = 'e1', authorId = author.userId): EntrySubmitted => ({
  type: 'EntrySubmitted',
  entryId,
  contestId: 'c1',
  authorId,
  authorName: `Name of ${authorId}`,
  title: 'Solo',
  videoUrl: 'https://video.example/1',
  description: '',
  submittedAt: iso(1),
});

const base = (acceptance?: Partial<AcceptancePolicy>): Fact[] => [
  registered(owner.userId),
  registered(author.userId),
  registered(voter.userId),
  created(acceptance),
  submitted(),
];

const vote = (
  hours: number,
  value: 1 | -1 = 1,
  who: CommandActor = voter,
  entryId = 'e1',
): ContestCommand => ({
  type: 'CastVote',
  receivedAt: at(hours),
  entryId,
  voter: who,
  value,
});
const voteCast = (
  hours: number,
  value: 1 | -1,
  previousValue: 1 | -1 | null,
  who = voter,
  entryId = 'e1',
): ContestEvent => ({
  type: 'VoteCast',
  entryId,
  contestId: 'c1',
  voterId: who.userId,
  value,
  previousValue,
  castAt: iso(hours),
  voterRegisteredAt: iso(-1000),
});

/** The voter's comment 'k1' on e1, at +6 h. */
const commentAdded = (): ContestEvent => ({
  type: 'CommentAdded',
  commentId: 'k1',
  entryId: 'e1',
  contestId: 'c1',
  authorId: voter.userId,
  authorName: 'Name of u-voter',
  body: 'Great riff',
  createdAt: iso(6),
});

describe('contest deciders', () => {
  describe('create contest', () => {
    const create = (
      overrides: Partial<Extract<ContestCommand, { type: 'CreateContest' }>> = {},
    ): ContestCommand => ({
      type: 'CreateContest',
      receivedAt: at(0),
      contestId: 'c1',
      owner,
      title: 'Air guitar',
      description: '',
      category: 'music',
      submissionsCloseAt: at(10),
      votingOpensAt: at(5),
      votingClosesAt: at(20),
      rulesetId: 'standard-v1',
      ...overrides,
    });

    it('creates a contest with the ruleset acceptance policies', () =>
      spec
        .given([registered(owner.userId)])
        .when(create())
        .then([created()]));

    it('defaults votingOpensAt to the creation time', () => {
      const decision = spec.given([]).when(create({ votingOpensAt: null })).decision;
      expect(decision.status === 'accepted' && decision.events[0]).toMatchObject({
        votingOpensAt: iso(0),
      });
    });

    it('rejects an unknown ruleset with RULESET_NOT_FOUND', () =>
      spec
        .given([])
        .when(create({ rulesetId: 'nope' }))
        .thenRejects('RULESET_NOT_FOUND'));

    it('rejects submissionsCloseAt in the past with INVALID_SCHEDULE', () =>
      spec
        .given([])
        .when(create({ submissionsCloseAt: at(0) }))
        .thenRejects('INVALID_SCHEDULE'));

    it('rejects votingClosesAt not after votingOpensAt with INVALID_SCHEDULE', () =>
      spec
        .given([])
        .when(create({ votingOpensAt: at(20) }))
        .thenRejects('INVALID_SCHEDULE'));

    it('rejects submissions closing after voting closes with INVALID_SCHEDULE', () =>
      spec
        .given([])
        .when(create({ submissionsCloseAt: at(21) }))
        .thenRejects('INVALID_SCHEDULE'));
  });

  describe('close and finalize', () => {
    const close = (who: CommandActor, hours = 6): ContestCommand => ({
      type: 'CloseContest',
      receivedAt: at(hours),
      contestId: 'c1',
      actor: who,
    });
    const closed = (hours: number, by: string): ContestEvent => ({
      type: 'ContestClosed',
      contestId: 'c1',
      closedAt: iso(hours),
      reason: 'closed',
      closedBy: by,
    });

    it('lets the owner close the contest', () =>
      spec
        .given(base())
        .when(close(owner))
        .then([closed(6, owner.userId)]));
    it('lets an admin close the contest', () =>
      spec
        .given(base())
        .when(close(admin))
        .then([closed(6, admin.userId)]));
    it('rejects a close by someone else with NOT_CONTEST_OWNER', () =>
      spec.given(base()).when(close(voter)).thenRejects('NOT_CONTEST_OWNER'));
    it('rejects a second close with CONTEST_CLOSED', () =>
      spec
        .given([...base(), closed(6, owner.userId)])
        .when(close(owner, 7))
        .thenRejects('CONTEST_CLOSED'));
    it('rejects a close after votingClosesAt with CONTEST_CLOSED', () =>
      spec.given(base()).when(close(owner, 20)).thenRejects('CONTEST_CLOSED'));
    it('rejects a close of an unknown contest with CONTEST_NOT_FOUND', () =>
      spec.given([]).when(close(owner)).thenRejects('CONTEST_NOT_FOUND'));

    const finalize = (hours: number): ContestCommand => ({
      type: 'FinalizeContest',
      receivedAt: at(hours),
      contestId: 'c1',
    });
    it('finalizes at votingClosesAt, closing it as of that time', () =>
      spec
        .given(base())
        .when(finalize(20.5))
        .then([
          {
            type: 'ContestClosed',
            contestId: 'c1',
            closedAt: iso(20),
            reason: 'finalized',
            closedBy: 'system',
          },
        ]));
    it('rejects finalizing before votingClosesAt with VOTING_NOT_OVER', () =>
      spec.given(base()).when(finalize(19.99)).thenRejects('VOTING_NOT_OVER'));
    it('rejects finalizing a closed contest with CONTEST_CLOSED', () =>
      spec
        .given([...base(), closed(6, owner.userId)])
        .when(finalize(21))
        .thenRejects('CONTEST_CLOSED'));
  });

  describe('final means final', () => {
    const finalized: ContestEvent = {
      type: 'ContestClosed',
      contestId: 'c1',
      closedAt: iso(20),
      reason: 'finalized',
      closedBy: 'system',
    };
    const commented = commentAdded();
    const final = () => [...base(), commented, voteCast(7, 1, null), finalized];
    // Each was received before votingClosesAt (+20 h) and is decided after the finalization:
    // it would be accepted without it, and it would move the final standings.
    const lateButReceivedInTime: [string, ContestCommand][] = [
      ['a vote', vote(19, -1)],
      ['a retraction', { type: 'RetractVote', receivedAt: at(19), entryId: 'e1', voter }],
      [
        'a view',
        {
          type: 'RecordView',
          receivedAt: at(19),
          entryId: 'e1',
          viewerKey: 'v',
          watchedSeconds: 30,
        },
      ],
      [
        'a comment',
        {
          type: 'AddComment',
          receivedAt: at(19),
          commentId: 'k2',
          entryId: 'e1',
          author: voter,
          body: 'Late riff',
        },
      ],
      [
        'a comment deleted',
        { type: 'DeleteComment', receivedAt: at(19), commentId: 'k1', actor: voter },
      ],
      ['a withdrawal', { type: 'WithdrawEntry', receivedAt: at(19), entryId: 'e1', actor: author }],
      ['a close', { type: 'CloseContest', receivedAt: at(19), contestId: 'c1', actor: owner }],
      [
        'a ruleset change',
        {
          type: 'ChangeContestRuleset',
          receivedAt: at(19),
          contestId: 'c1',
          rulesetId: 'standard-v1',
          actor: admin,
        },
      ],
    ];
    it.each(lateButReceivedInTime)(
      'given a finalized contest, when %s received before the close arrives, then it is refused with CONTEST_FINALIZED',
      (_what, command) => spec.given(final()).when(command).thenRejects('CONTEST_FINALIZED'),
    );
    it('given a finalized contest, a vote received after the close keeps its VOTING_CLOSED', () =>
      spec.given(final()).when(vote(21)).thenRejects('VOTING_CLOSED'));
    it('given a finalized contest, a second finalization is refused with CONTEST_CLOSED', () =>
      spec
        .given(final())
        .when({ type: 'FinalizeContest', receivedAt: at(21), contestId: 'c1' })
        .thenRejects('CONTEST_CLOSED'));
    it('given the same contest not finalized, the same vote is accepted (the refusal is the finalization)', () =>
      spec
        .given([...base(), commented, voteCast(7, 1, null)])
        .when(vote(19, -1))
        .then([voteCast(19, -1, 1)]));
    it('given a contest closed early by its owner, a vote received before the close is still accepted', () =>
      spec
        .given([
          ...base(),
          {
            type: 'ContestClosed',
            contestId: 'c1',
            closedAt: iso(8),
            reason: 'closed',
            closedBy: owner.userId,
          },
        ])
        .when(vote(7))
        .then([voteCast(7, 1, null)]));
  });

  describe('submit entry', () => {
    const submit = (hours: number, who = author, entryId = 'e2'): ContestCommand => ({
      type: 'SubmitEntry',
      receivedAt: at(hours),
      entryId,
      contestId: 'c1',
      author: who,
      title: 'Solo',
      videoUrl: 'https://video.example/1',
      description: '',
    });
    it('accepts an entry before submissionsCloseAt', () =>
      spec
        .given(base().slice(0, 4))
        .when(submit(1, author, 'e1'))
        .then([submitted()]));
    it('rejects an entry exactly at submissionsCloseAt with SUBMISSIONS_CLOSED', () =>
      spec.given(base().slice(0, 4)).when(submit(10)).thenRejects('SUBMISSIONS_CLOSED'));
    it('accepts an entry a millisecond before submissionsCloseAt', () => {
      const command = {
        ...submit(0),
        receivedAt: new Date(at(10).getTime() - 1),
      } as ContestCommand;
      expect(spec.given(base().slice(0, 4)).when(command).decision.status).toBe('accepted');
    });
    it('rejects an entry to a closed contest with SUBMISSIONS_CLOSED', () =>
      spec
        .given([
          ...base(),
          {
            type: 'ContestClosed',
            contestId: 'c1',
            closedAt: iso(2),
            reason: 'closed',
            closedBy: 'u-owner',
          },
        ])
        .when(submit(3, voter))
        .thenRejects('SUBMISSIONS_CLOSED'));
    it('rejects an entry to an unknown contest with CONTEST_NOT_FOUND', () =>
      spec.given([]).when(submit(1)).thenRejects('CONTEST_NOT_FOUND'));
    it('rejects a second entry with ALREADY_SUBMITTED (maxEntriesPerUserPerContest 1)', () =>
      spec.given(base()).when(submit(2)).thenRejects('ALREADY_SUBMITTED'));
    it('accepts a second entry when maxEntriesPerUserPerContest is 2', () =>
      expect(
        spec.given(base({ maxEntriesPerUserPerContest: 2 })).when(submit(2)).decision.status,
      ).toBe('accepted'));
    it('frees the slot of a withdrawn entry', () =>
      expect(
        spec
          .given([
            ...base(),
            {
              type: 'EntryWithdrawn',
              entryId: 'e1',
              contestId: 'c1',
              authorId: author.userId,
              withdrawnAt: iso(2),
            },
          ])
          .when(submit(3)).decision.status,
      ).toBe('accepted'));
  });

  describe('withdraw entry', () => {
    const withdraw = (who: CommandActor, hours = 2, entryId = 'e1'): ContestCommand => ({
      type: 'WithdrawEntry',
      receivedAt: at(hours),
      entryId,
      actor: who,
    });
    it('lets the author withdraw', () =>
      spec
        .given(base())
        .when(withdraw(author))
        .then([
          {
            type: 'EntryWithdrawn',
            entryId: 'e1',
            contestId: 'c1',
            authorId: author.userId,
            withdrawnAt: iso(2),
          },
        ]));
    it('rejects a withdrawal by someone else with NOT_ENTRY_AUTHOR', () =>
      spec.given(base()).when(withdraw(voter)).thenRejects('NOT_ENTRY_AUTHOR'));
    it('rejects a withdrawal after the contest closed with CONTEST_CLOSED', () =>
      spec.given(base()).when(withdraw(author, 20)).thenRejects('CONTEST_CLOSED'));
    it('rejects withdrawing an unknown entry with ENTRY_NOT_FOUND', () =>
      spec
        .given(base())
        .when(withdraw(author, 2, 'nope'))
        .thenRejects('ENTRY_NOT_FOUND'));
    it('rejects withdrawing twice with ENTRY_WITHDRAWN', () =>
      spec
        .given([
          ...base(),
          {
            type: 'EntryWithdrawn',
            entryId: 'e1',
            contestId: 'c1',
            authorId: author.userId,
            withdrawnAt: iso(2),
          },
        ])
        .when(withdraw(author, 3))
        .thenRejects('ENTRY_WITHDRAWN'));
  });

  describe('cast vote', () => {
    it('accepts an upvote exactly at votingOpensAt', () =>
      spec
        .given(base())
        .when(vote(5))
        .then([voteCast(5, 1, null)]));
    it('rejects a vote a millisecond before votingOpensAt with VOTING_NOT_OPEN', () =>
      spec
        .given(base())
        .when({ ...vote(0), receivedAt: new Date(at(5).getTime() - 1) } as ContestCommand)
        .thenRejects('VOTING_NOT_OPEN'));
    it('rejects a vote exactly at votingClosesAt with VOTING_CLOSED', () =>
      spec.given(base()).when(vote(20)).thenRejects('VOTING_CLOSED'));
    it('accepts a vote a millisecond before votingClosesAt', () =>
      expect(
        spec
          .given(base())
          .when({ ...vote(0), receivedAt: new Date(at(20).getTime() - 1) } as ContestCommand)
          .decision.status,
      ).toBe('accepted'));
    it('rejects a vote after the owner closed the contest with VOTING_CLOSED', () =>
      spec
        .given([
          ...base(),
          {
            type: 'ContestClosed',
            contestId: 'c1',
            closedAt: iso(6),
            reason: 'closed',
            closedBy: 'u-owner',
          },
        ])
        .when(vote(7))
        .thenRejects('VOTING_CLOSED'));
    it('rejects a vote on an unknown entry with ENTRY_NOT_FOUND', () =>
      spec
        .given(base())
        .when(vote(6, 1, voter, 'nope'))
        .thenRejects('ENTRY_NOT_FOUND'));
    it('rejects a vote on a withdrawn entry with ENTRY_WITHDRAWN', () =>
      spec
        .given([
          ...base(),
          {
            type: 'EntryWithdrawn',
            entryId: 'e1',
            contestId: 'c1',
            authorId: author.userId,
            withdrawnAt: iso(2),
          },
        ])
        .when(vote(6))
        .thenRejects('ENTRY_WITHDRAWN'));
    it('rejects a self-vote with SELF_VOTE_FORBIDDEN (allowSelfVotes false)', () =>
      spec
        .given(base())
        .when(vote(6, 1, author))
        .thenRejects('SELF_VOTE_FORBIDDEN'));
    it('accepts a self-vote when allowSelfVotes is true', () =>
      expect(
        spec.given(base({ allowSelfVotes: true })).when(vote(6, 1, author)).decision.status,
      ).toBe('accepted'));
    it('rejects a downvote with DOWNVOTES_DISABLED (allowDownvotes false)', () =>
      spec
        .given(base({ allowDownvotes: false }))
        .when(vote(6, -1))
        .thenRejects('DOWNVOTES_DISABLED'));
    it('accepts a downvote under the standard ruleset', () =>
      spec
        .given(base())
        .when(vote(6, -1))
        .then([voteCast(6, -1, null)]));
    it('rejects the same value twice with ALREADY_VOTED', () =>
      spec
        .given([...base(), voteCast(6, 1, null)])
        .when(vote(7, 1))
        .thenRejects('ALREADY_VOTED'));
    it('replaces a vote with the other value (a flip)', () =>
      spec
        .given([...base(), voteCast(6, 1, null)])
        .when(vote(7, -1))
        .then([voteCast(7, -1, 1)]));
    it('rejects a vote from an account younger than minAccountAgeHoursToVote with ACCOUNT_TOO_NEW', () =>
      spec
        .given([registered('u-young', -10), created({ minAccountAgeHoursToVote: 24 }), submitted()])
        .when(vote(13.9, 1, { userId: 'u-young', roles: ['user'] }))
        .thenRejects('ACCOUNT_TOO_NEW'));
    it('accepts the vote once the account is exactly minAccountAgeHoursToVote old', () =>
      expect(
        spec
          .given([
            registered('u-young', -10),
            created({ minAccountAgeHoursToVote: 24 }),
            submitted(),
          ])
          .when(vote(14, 1, { userId: 'u-young', roles: ['user'] })).decision.status,
      ).toBe('accepted'));
    describe('maxVotesPerUserPerContest 1', () => {
      const capped = [
        ...base({ maxVotesPerUserPerContest: 1 }),
        submitted('e2', 'u-other'),
        voteCast(6, 1, null),
      ];
      it('rejects a vote on a second entry with VOTE_LIMIT_REACHED', () =>
        spec
          .given(capped)
          .when(vote(7, 1, voter, 'e2'))
          .thenRejects('VOTE_LIMIT_REACHED'));
      it('still allows flipping the vote it has', () =>
        expect(spec.given(capped).when(vote(7, -1)).decision.status).toBe('accepted'));
      it('frees the vote after a retraction', () =>
        expect(
          spec
            .given([
              ...capped,
              {
                type: 'VoteRetracted',
                entryId: 'e1',
                contestId: 'c1',
                voterId: voter.userId,
                previousValue: 1,
                retractedAt: iso(7),
              },
            ])
            .when(vote(8, 1, voter, 'e2')).decision.status,
        ).toBe('accepted'));
    });
  });

  describe('retract vote', () => {
    const retract = (hours: number): ContestCommand => ({
      type: 'RetractVote',
      receivedAt: at(hours),
      entryId: 'e1',
      voter,
    });
    it('retracts an active vote', () =>
      spec
        .given([...base(), voteCast(6, -1, null)])
        .when(retract(7))
        .then([
          {
            type: 'VoteRetracted',
            entryId: 'e1',
            contestId: 'c1',
            voterId: voter.userId,
            previousValue: -1,
            retractedAt: iso(7),
          },
        ]));
    it('rejects a retraction without a vote with NO_VOTE_TO_RETRACT', () =>
      spec.given(base()).when(retract(7)).thenRejects('NO_VOTE_TO_RETRACT'));
    it('rejects a retraction at votingClosesAt with VOTING_CLOSED', () =>
      spec
        .given([...base(), voteCast(6, 1, null)])
        .when(retract(20))
        .thenRejects('VOTING_CLOSED'));
  });

  describe('comments', () => {
    const comment = (hours: number, entryId = 'e1'): ContestCommand => ({
      type: 'AddComment',
      receivedAt: at(hours),
      commentId: 'k1',
      entryId,
      author: voter,
      body: 'Great riff',
    });
    const added = commentAdded();
    it('adds a comment while voting is open', () =>
      spec.given(base()).when(comment(6)).then([added]));
    it('rejects a comment before voting opens with COMMENTS_CLOSED', () =>
      spec.given(base()).when(comment(4)).thenRejects('COMMENTS_CLOSED'));
    it('rejects a comment at votingClosesAt with COMMENTS_CLOSED', () =>
      spec.given(base()).when(comment(20)).thenRejects('COMMENTS_CLOSED'));
    it('rejects a comment on an unknown entry with ENTRY_NOT_FOUND', () =>
      spec.given(base()).when(comment(6, 'nope')).thenRejects('ENTRY_NOT_FOUND'));

    const remove = (who: CommandActor): ContestCommand => ({
      type: 'DeleteComment',
      receivedAt: at(7),
      commentId: 'k1',
      actor: who,
    });
    const deleted = (by: string): ContestEvent => ({
      type: 'CommentDeleted',
      commentId: 'k1',
      entryId: 'e1',
      contestId: 'c1',
      authorId: voter.userId,
      deletedBy: by,
      deletedAt: iso(7),
    });
    it('lets the author delete a comment', () =>
      spec
        .given([...base(), added])
        .when(remove(voter))
        .then([deleted(voter.userId)]));
    it('lets a moderator delete a comment', () =>
      spec
        .given([...base(), added])
        .when(remove(moderator))
        .then([deleted(moderator.userId)]));
    it('lets an admin delete a comment', () =>
      spec
        .given([...base(), added])
        .when(remove(admin))
        .then([deleted(admin.userId)]));
    it('rejects a deletion by someone else with NOT_COMMENT_AUTHOR', () =>
      spec
        .given([...base(), added])
        .when(remove(author))
        .thenRejects('NOT_COMMENT_AUTHOR'));
    it('rejects deleting an unknown or deleted comment with COMMENT_NOT_FOUND', () => {
      spec.given(base()).when(remove(voter)).thenRejects('COMMENT_NOT_FOUND');
      spec
        .given([...base(), added, deleted(voter.userId)])
        .when(remove(voter))
        .thenRejects('COMMENT_NOT_FOUND');
    });
  });

  describe('views', () => {
    const view = (hours: number, entryId = 'e1'): ContestCommand => ({
      type: 'RecordView',
      receivedAt: at(hours),
      entryId,
      viewerKey: 'anon:browser-1',
      watchedSeconds: 42,
    });
    it('records a view of an anonymous viewer', () =>
      spec
        .given(base())
        .when(view(2))
        .then([
          {
            type: 'ViewRecorded',
            entryId: 'e1',
            contestId: 'c1',
            viewerKey: 'anon:browser-1',
            watchedSeconds: 42,
            viewedAt: iso(2),
          },
        ]));
    it('rejects a view on an unknown entry with ENTRY_NOT_FOUND', () =>
      spec.given(base()).when(view(2, 'nope')).thenRejects('ENTRY_NOT_FOUND'));
    it('rejects a view after the contest closed with CONTEST_CLOSED', () =>
      spec.given(base()).when(view(20)).thenRejects('CONTEST_CLOSED'));
  });
});
