import { CommandBus } from '@nestjs/cqrs';
import { ContestCommand, ContestEvent } from '@contest/domain';
import { CommandEnvelope } from '../src/command-log/command-envelope';
import { CommandOutcome } from '../src/command-log/command-pipeline';
import { uuidv7 } from '../src/platform/ids/uuid-v7';
import { DecideContestCommand } from '../src/contests/decide-contest.handler';
import { http, inSeconds, signUp, SignedInUser } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

const VOTERS = 8;

/**
 * One command Postgres cannot store, in the same group commit as its contest's other
 * commands, must cost nobody else anything (issue 8: a NUL in one comment failed 100 of 120
 * innocent views).
 */
describe('a poison command in a contest batch', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let authors: SignedInUser[];
  let voters: SignedInUser[];

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    owner = await signUp(t.baseUrl, 'poison_owner');
    authors = [
      await signUp(t.baseUrl, 'poison_author_a'),
      await signUp(t.baseUrl, 'poison_author_b'),
    ];
    voters = [];
    for (let i = 0; i < VOTERS; i++) voters.push(await signUp(t.baseUrl, `poison_voter_${i}`));
  });
  afterAll(() => t?.close());

  /** A contest open for votes and comments, with one entry per author. */
  async function contestWithEntries(): Promise<string[]> {
    const created = await http(t.baseUrl, 'POST', '/contests', {
      token: owner.token,
      body: {
        title: 'Bike stunts',
        category: 'sport',
        submissionsCloseAt: inSeconds(600),
        votingClosesAt: inSeconds(1200),
      },
    });
    expect(created.status).toBe(201);
    const entryIds: string[] = [];
    for (const author of authors) {
      const entry = await http(t.baseUrl, 'POST', `/contests/${created.body.contestId}/entries`, {
        token: author.token,
        body: { title: `${author.username} jumps`, videoUrl: 'https://videos.example/1.mp4' },
      });
      expect(entry.status).toBe(201);
      entryIds.push(entry.body.entryId);
    }
    return entryIds;
  }

  /**
   * Fifty commands on one contest: votes (some twice, so some are refused), views and
   * comments. The one at `poisonAt` is a comment holding a NUL, which jsonb cannot store.
   */
  function burst(entryIds: string[], poisonAt: number | null): ContestCommand[] {
    const receivedAt = new Date();
    const commands: ContestCommand[] = [];
    for (let i = 0; commands.length < 50; i++) {
      const entryId = entryIds[i % entryIds.length];
      const voter = voters[i % VOTERS];
      const actor = { userId: voter.userId, roles: ['user' as const] };
      const comment = (body: string): ContestCommand => ({
        type: 'AddComment',
        receivedAt,
        commentId: uuidv7(),
        entryId,
        author: actor,
        body,
      });
      if (commands.length === poisonAt) {
        commands.push(comment('nice jump\u0000!'));
      } else if (i % 3 === 0) {
        commands.push({ type: 'CastVote', receivedAt, entryId, voter: actor, value: 1 });
      } else if (i % 3 === 1) {
        const viewerKey = `anon:v${i}`;
        commands.push({ type: 'RecordView', receivedAt, entryId, viewerKey, watchedSeconds: 5 });
      } else {
        commands.push(comment(`comment ${i}`));
      }
    }
    return commands;
  }

  function envelopeOf(command: ContestCommand): CommandEnvelope {
    const actorId =
      'voter' in command
        ? command.voter.userId
        : 'author' in command
          ? command.author.userId
          : null;
    const { type, receivedAt, ...payload } = command;
    return {
      commandId: uuidv7(),
      type,
      actorId,
      streamKey: 'unrouted',
      receivedAt,
      payload: JSON.parse(JSON.stringify(payload)),
      metadata: {
        correlationId: uuidv7(),
        causationId: null,
        idempotencyKey: null,
        clientAddress: '127.0.0.1',
        userAgent: 'poison-batch-test',
        actorRoles: ['user'],
      },
    };
  }

  /** Sends every command at once, as concurrent requests would, through the command bus. */
  async function sendTogether(commands: ContestCommand[]) {
    const bus = t.app.get(CommandBus);
    const envelopes = commands.map(envelopeOf);
    const outcomes: CommandOutcome<ContestEvent>[] = await Promise.all(
      commands.map((command, i) => bus.execute(new DecideContestCommand(envelopes[i], command))),
    );
    return outcomes.map((outcome, i) => ({ outcome, envelope: envelopes[i] }));
  }

  const replyOf = (outcome: CommandOutcome<ContestEvent>) => ({
    status: outcome.httpStatus,
    code: outcome.decision.status === 'rejected' ? outcome.decision.rejection.code : null,
  });

  it('gives the 49 others the replies they get without it, and logs the culprit as refused', async () => {
    const poisonAt = 17;
    const clean = await sendTogether(
      burst(await contestWithEntries(), null).filter((_, i) => i !== poisonAt),
    );
    const poisoned = await sendTogether(burst(await contestWithEntries(), poisonAt));

    const innocent = poisoned.filter((_, i) => i !== poisonAt);
    // Concurrent requests reach the batch in any order, so which of a voter's two identical
    // votes is the ALREADY_VOTED one varies from run to run: the replies compare as a multiset.
    const replies = (sent: typeof clean) =>
      sent.map(({ outcome }) => JSON.stringify(replyOf(outcome))).sort();
    expect(replies(innocent)).toEqual(replies(clean));
    // Not a vacuous comparison: the burst has acceptances and refusals of several kinds.
    const statuses = new Set(innocent.map(({ outcome }) => outcome.httpStatus));
    expect([...statuses].sort()).toEqual([200, 201, 202, 409]);

    const culprit = poisoned[poisonAt];
    expect(replyOf(culprit.outcome)).toEqual({ status: 422, code: 'COMMAND_NOT_STORABLE' });
    const [row] = await t.dataSource.query(
      `SELECT type, status, rejection_code, http_status, payload, events FROM command_log
       WHERE command_id = $1`,
      [culprit.envelope.commandId],
    );
    expect(row).toMatchObject({
      type: 'AddComment',
      status: 'rejected',
      rejection_code: 'COMMAND_NOT_STORABLE',
      http_status: 422,
      events: [],
    });
    expect(row.payload.body).toBe('nice jump\uFFFD!');

    // Every innocent command is in the log once, with the status its sender was told.
    const logged: { command_id: string; http_status: number }[] = await t.dataSource.query(
      `SELECT command_id, http_status FROM command_log WHERE command_id = ANY($1::uuid[])`,
      [innocent.map(({ envelope }) => envelope.commandId)],
    );
    const loggedStatus = new Map(logged.map((r) => [r.command_id, r.http_status]));
    expect(innocent.map(({ envelope }) => loggedStatus.get(envelope.commandId))).toEqual(
      innocent.map(({ outcome }) => outcome.httpStatus),
    );
    const comments = await t.dataSource.query(`SELECT 1 FROM comments WHERE comment_id = $1`, [
      culprit.envelope.payload.commentId,
    ]);
    expect(comments).toHaveLength(0);
  });

  it('over HTTP, a comment with a NUL among anonymous views is refused alone', async () => {
    const [entryId] = await contestWithEntries();
    const views = Array.from({ length: 24 }, (_, i) =>
      http(t.baseUrl, 'POST', `/entries/${entryId}/views`, {
        body: { watchedSeconds: 3, viewerId: `viewer-${i}` },
      }),
    );
    const comment = http(t.baseUrl, 'POST', `/entries/${entryId}/comments`, {
      token: voters[0].token,
      body: { body: 'sneaky\u0000comment' },
    });
    const [commentReply, ...viewReplies] = await Promise.all([comment, ...views]);
    expect(viewReplies.map((r) => r.status)).toEqual(viewReplies.map(() => 202));
    expect(commentReply.status).toBeGreaterThanOrEqual(400);
    expect(commentReply.status).toBeLessThan(500);
    expect(commentReply.headers.get('content-type')).toContain('application/problem+json');
    const [row] = await t.dataSource.query(
      `SELECT status, http_status, rejection_code FROM command_log WHERE command_id = $1`,
      [commentReply.body.commandId],
    );
    expect(row).toEqual({
      status: 'rejected',
      http_status: commentReply.status,
      rejection_code: commentReply.body.code,
    });
  });
});
