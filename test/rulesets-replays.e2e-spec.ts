import { http, inSeconds, SignedInUser, signUp } from '@contest/testing';
import { startTestApp, startWorkerBeside, TestApp } from '@contest/testing/app';

const ADMIN_PASSWORD = 'replay-admin-password';

describe('rulesets, live rule changes and what-if replays', () => {
  let t: TestApp;
  let admin: { token: string; userId: string };
  let authorA: SignedInUser, authorB: SignedInUser;
  let voters: SignedInUser[];
  let contestId: string;
  const entry: Record<'A' | 'B', string> = { A: '', B: '' };
  let lastPosition = 0;

  const call = async (method: string, path: string, options?: Parameters<typeof http>[3]) => {
    const reply = await http(t.baseUrl, method, path, options);
    if (typeof reply.body?.position === 'number')
      lastPosition = Math.max(lastPosition, reply.body.position);
    return reply;
  };
  const vote = (user: SignedInUser, e: 'A' | 'B') =>
    call('POST', `/entries/${entry[e]}/vote`, { token: user.token, body: { value: 1 } });

  const replay = async (body: Record<string, unknown>) => {
    const queued = await call('POST', '/admin/replays', {
      token: admin.token,
      body: { contestId, ...body },
    });
    expect(queued.status).toBe(202);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const state = await call('GET', `/admin/replays/${queued.body.replayId}`, {
        token: admin.token,
      });
      if (state.body.status === 'done' || state.body.status === 'failed') return state.body;
      if (Date.now() > deadline) throw new Error(`replay stuck: ${JSON.stringify(state.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    t = await startTestApp({
      ADMIN_USERNAME: 'replay_admin',
      ADMIN_PASSWORD,
      PROJECTION_POLL_MS: '200',
    });
    const login = await call('POST', '/auth/login', {
      body: { username: 'replay_admin', password: ADMIN_PASSWORD },
    });
    admin = { token: login.body.token, userId: login.body.userId };
    [authorA, authorB, ...voters] = await Promise.all(
      ['author_a', 'author_b', 'voter_1', 'voter_2', 'voter_3', 'voter_4'].map((n) =>
        signUp(t.baseUrl, n),
      ),
    );
    const created = await call('POST', '/contests', {
      token: authorA.token,
      body: {
        title: 'Parkour',
        category: 'parkour',
        submissionsCloseAt: inSeconds(600),
        votingClosesAt: inSeconds(1200),
      },
    });
    contestId = created.body.contestId;
    for (const [name, author] of [
      ['A', authorA],
      ['B', authorB],
    ] as const) {
      const submitted = await call('POST', `/contests/${contestId}/entries`, {
        token: author.token,
        body: { title: name, videoUrl: 'https://videos.example/p.mp4' },
      });
      entry[name] = submitted.body.entryId;
    }
    // A gets first votes of voters 1-3; B gets their second votes and voter 4's first.
    for (const v of voters.slice(0, 3)) expect((await vote(v, 'A')).status).toBe(200);
    for (const v of voters) expect((await vote(v, 'B')).status).toBe(200);
    expect((await vote(authorA, 'A')).body.code).toBe('SELF_VOTE_FORBIDDEN');
  });
  afterAll(() => t?.close());

  describe('ruleset management', () => {
    it('stores a ruleset by its canonical hash: the same definition twice is the same ruleset', async () => {
      const first = await call('POST', '/admin/rulesets', {
        token: admin.token,
        body: {
          name: 'one-vote',
          definition: { acceptance: { maxVotesPerUserPerContest: 1 }, scoring: { precision: 6 } },
        },
      });
      expect(first.status).toBe(201);
      const again = await call('POST', '/admin/rulesets', {
        token: admin.token,
        body: {
          name: 'one-vote-again',
          definition: {
            scoring: {},
            acceptance: { maxVotesPerUserPerContest: 1, allowDownvotes: true },
          },
        },
      });
      expect(again.body).toMatchObject({ rulesetId: first.body.rulesetId, hash: first.body.hash });
      const list = await call('GET', '/admin/rulesets', { token: admin.token });
      expect(list.body.items.map((r: { rulesetId: string }) => r.rulesetId)).toEqual(
        expect.arrayContaining(['standard-v1', first.body.rulesetId]),
      );
      const one = await call('GET', `/admin/rulesets/${first.body.rulesetId}`, {
        token: admin.token,
      });
      expect(one.body).toMatchObject({
        name: 'one-vote',
        hash: first.body.hash,
        definition: { acceptance: { maxVotesPerUserPerContest: 1 } },
      });
    });

    it('refuses an invalid ruleset with 400 INVALID_RULESET and a path per problem, logged', async () => {
      const bad = await call('POST', '/admin/rulesets', {
        token: admin.token,
        body: {
          name: 'bad',
          definition: {
            scoring: { votes: { aggregate: { kind: 'median' } }, precision: 99 },
            extra: 1,
          },
        },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('INVALID_RULESET');
      const paths = bad.body.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'definition.extra',
          'definition.scoring.votes.aggregate.kind',
          'definition.scoring.precision',
        ]),
      );
      const [row] = await t.dataSource.query(
        `SELECT type, rejection_code FROM command_log WHERE command_id = $1`,
        [bad.body.commandId],
      );
      expect(row).toEqual({ type: 'CreateRuleset', rejection_code: 'INVALID_RULESET' });
    });

    it('refuses non-admins with 403, logged', async () => {
      for (const [method, path, body] of [
        ['POST', '/admin/rulesets', { name: 'x', definition: {} }],
        ['POST', '/admin/replays', { contestId: '01a00000-0000-7000-8000-000000000000' }],
      ] as const) {
        const refused = await call(method, path, { token: voters[0].token, body });
        expect(refused.status).toBe(403);
        const [row] = await t.dataSource.query(
          `SELECT status, rejection_code FROM command_log WHERE command_id = $1`,
          [refused.body.commandId],
        );
        expect(row).toEqual({ status: 'rejected', rejection_code: 'FORBIDDEN' });
      }
    });
  });

  describe('past replays (GET /admin/replays)', () => {
    type Summary = { replayId: string; createdAt: string; [field: string]: unknown };
    const pages = async (query: string, limit: number): Promise<Summary[]> => {
      const all: Summary[] = [];
      for (let cursor: string | null = null; ;) {
        const suffix: string = cursor ? `&cursor=${cursor}` : '';
        const page = await call('GET', `/admin/replays?${query}&limit=${limit}${suffix}`, {
          token: admin.token,
        });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(limit);
        all.push(...page.body.items);
        cursor = page.body.nextCursor;
        if (!cursor) return all;
      }
    };

    it('lists replays newest first, in cursor pages, with what was asked and how it ended', async () => {
      const parity = await replay({});
      const selfVotes = await replay({ definition: { acceptance: { allowSelfVotes: true } } });
      const listed = await pages(`contestId=${contestId}`, 1);
      // Pages of one hold the same replays, in the same order, as one page of 200.
      expect(listed).toEqual(await pages(`contestId=${contestId}`, 200));
      const order = listed.map((r) => `${r.createdAt} ${r.replayId}`);
      expect(order).toEqual([...order].sort().reverse());
      const ids = listed.map((r) => r.replayId);
      expect(ids.indexOf(selfVotes.replayId)).toBeLessThan(ids.indexOf(parity.replayId));
      expect(listed.find((r) => r.replayId === selfVotes.replayId)).toEqual({
        replayId: selfVotes.replayId,
        contestId,
        contestTitle: 'Parkour',
        ruleset: {
          rulesetId: selfVotes.ruleset.rulesetId,
          name: 'inline',
          hash: selfVotes.ruleset.hash,
        },
        asOf: null,
        status: 'done',
        progress: selfVotes.progress,
        winnerChanged: true,
        flips: 1,
        createdAt: selfVotes.createdAt,
        finishedAt: selfVotes.finishedAt,
      });
      expect(listed.find((r) => r.replayId === parity.replayId)).toMatchObject({
        ruleset: null,
        winnerChanged: false,
        flips: 0,
      });
    });

    it('filters by contest and by status, and refuses bad filters and non-admins', async () => {
      const done = await replay({});
      const ofNoContest = await call(
        'GET',
        '/admin/replays?contestId=01a00000-0000-7000-8000-000000000000',
        { token: admin.token },
      );
      expect(ofNoContest.body).toEqual({ items: [], nextCursor: null });
      const finished = await pages('status=done', 50);
      expect(finished.map((r) => r.replayId)).toContain(done.replayId);
      expect(new Set(finished.map((r) => r.status))).toEqual(new Set(['done']));
      expect((await pages('status=failed', 50)).map((r) => r.replayId)).not.toContain(
        done.replayId,
      );
      for (const query of ['status=lost', 'contestId=parkour', 'limit=0']) {
        const refused = await call('GET', `/admin/replays?${query}`, { token: admin.token });
        expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      const forbidden = await call('GET', '/admin/replays', { token: voters[0].token });
      expect([forbidden.status, forbidden.body.code]).toEqual([403, 'FORBIDDEN']);
    });
  });

  describe('what-if replays (live: B 4 votes, A 3)', () => {
    it('with the live ruleset gives exactly the live standings and no flips', async () => {
      const live = await call(
        'GET',
        `/contests/${contestId}/standings?minPosition=${lastPosition}&waitMs=5000`,
      );
      const done = await replay({});
      expect(done.status).toBe('done');
      expect(done.result.outcomeChanges).toEqual({
        acceptedToRejected: 0,
        rejectedToAccepted: 0,
        byCode: {},
      });
      expect(
        done.result.standings.map((s: { entryId: string; rank: number; score: number }) => [
          s.entryId,
          s.rank,
          s.score,
        ]),
      ).toEqual(
        live.body.items.map((s: { entryId: string; rank: number; score: number }) => [
          s.entryId,
          s.rank,
          s.score,
        ]),
      );
      expect(done.stats.commands).toBeGreaterThan(0);
    });

    it('maxVotesPerUserPerContest 1: three second votes flip to VOTE_LIMIT_REACHED and A wins', async () => {
      const done = await replay({ definition: { acceptance: { maxVotesPerUserPerContest: 1 } } });
      expect(done.result.outcomeChanges).toEqual({
        acceptedToRejected: 3,
        rejectedToAccepted: 0,
        byCode: { VOTE_LIMIT_REACHED: 3 },
      });
      // A keeps 3 first votes; B keeps only voter 4's: 3 vs 1.
      expect(
        done.result.standings.map((s: { entryId: string; score: number }) => [s.entryId, s.score]),
      ).toEqual([
        [entry.A, 3],
        [entry.B, 1],
      ]);
      expect(done.result.winnerChanged).toBe(true);
      expect(done.result.diff).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            entryId: entry.A,
            baselineRank: 2,
            replayRank: 1,
            rankDelta: 1,
            baselineScore: 3,
            replayScore: 3,
          }),
        ]),
      );
    });

    it('allowSelfVotes: the refused self-vote counts, A ties B at 4 and wins on submission time', async () => {
      const done = await replay({ definition: { acceptance: { allowSelfVotes: true } } });
      expect(done.result.outcomeChanges).toEqual({
        acceptedToRejected: 0,
        rejectedToAccepted: 1,
        byCode: { SELF_VOTE_FORBIDDEN: 1 },
      });
      expect(
        done.result.standings.map((s: { entryId: string; score: number }) => [s.entryId, s.score]),
      ).toEqual([
        [entry.A, 4],
        [entry.B, 4],
      ]);
      expect(done.result.winnerChanged).toBe(true);
    });

    it('minAccountAgeHoursToVote 24: every vote of these new accounts flips to ACCOUNT_TOO_NEW', async () => {
      const done = await replay({ definition: { acceptance: { minAccountAgeHoursToVote: 24 } } });
      expect(done.result.outcomeChanges).toEqual({
        acceptedToRejected: 7,
        rejectedToAccepted: 0,
        byCode: { ACCOUNT_TOO_NEW: 7 },
      });
      expect(done.result.standings.map((s: { score: number }) => s.score)).toEqual([0, 0]);
    });

    it('asOf in the middle equals the live standings as they were at that time', async () => {
      const before = await call(
        'GET',
        `/contests/${contestId}/standings?minPosition=${lastPosition}&waitMs=5000`,
      );
      const asOf = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const late = await signUp(t.baseUrl, 'voter_late');
      expect((await vote(late, 'A')).status).toBe(200);
      const done = await replay({ asOf });
      expect(
        done.result.standings.map((s: { entryId: string; score: number }) => [s.entryId, s.score]),
      ).toEqual(
        before.body.items.map((s: { entryId: string; score: number }) => [s.entryId, s.score]),
      );
      expect(done.result.asOf).toBe(asOf);
    });

    it('a rule change in the middle re-scores the live standings, and a replay still matches them', async () => {
      const wilson = await call('POST', '/admin/rulesets', {
        token: admin.token,
        body: {
          name: 'wilson',
          definition: { scoring: { votes: { aggregate: { kind: 'wilson', z: 1.96 } } } },
        },
      });
      const changed = await call('POST', `/contests/${contestId}/ruleset`, {
        token: admin.token,
        body: { rulesetId: wilson.body.rulesetId },
      });
      expect(changed.status).toBe(200);
      const refused = await call('POST', `/contests/${contestId}/ruleset`, {
        token: voters[0].token,
        body: { rulesetId: 'standard-v1' },
      });
      expect(refused.status).toBe(403);
      const down = await call('POST', `/entries/${entry.B}/vote`, {
        token: voters[3].token,
        body: { value: -1 },
      });
      expect(down.status).toBe(200);
      const live = await call(
        'GET',
        `/contests/${contestId}/standings?minPosition=${lastPosition}&waitMs=5000`,
      );
      expect(live.body.ruleset).toMatchObject({ rulesetId: wilson.body.rulesetId, name: 'wilson' });
      // Wilson lower bounds: every score is in [0, 1).
      for (const item of live.body.items) expect(item.score).toBeLessThan(1);
      const done = await replay({});
      expect(
        done.result.outcomeChanges.acceptedToRejected +
          done.result.outcomeChanges.rejectedToAccepted,
      ).toBe(0);
      expect(
        done.result.standings.map((s: { entryId: string; score: number }) => [s.entryId, s.score]),
      ).toEqual(
        live.body.items.map((s: { entryId: string; score: number }) => [s.entryId, s.score]),
      );
      const detail = await call(
        'GET',
        `/contests/${contestId}?minPosition=${lastPosition}&waitMs=5000`,
      );
      expect(detail.body.ruleset).toMatchObject({ rulesetId: wilson.body.rulesetId });
    });

    it('refuses an invalid inline definition with INVALID_RULESET and an unknown contest with CONTEST_NOT_FOUND', async () => {
      const bad = await call('POST', '/admin/replays', {
        token: admin.token,
        body: { contestId, definition: { acceptance: { allowSelfVotes: 'yes' } } },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([
        expect.objectContaining({ path: 'definition.acceptance.allowSelfVotes' }),
      ]);
      const missing = await call('POST', '/admin/replays', {
        token: admin.token,
        body: { contestId: '01a00000-0000-7000-8000-000000000000' },
      });
      expect(missing.status).toBe(404);
    });

    it('a replay left running by a dead worker never reads as done, and runs again when a worker starts', async () => {
      const replayId = '01a00000-0000-7000-8000-0000000000aa';
      await t.dataSource.query(
        `INSERT INTO replays (replay_id, contest_id, status, processed, total, attempts, requested_by, created_at, started_at)
         VALUES ($1, $2, 'running', 5, 40, 1, 'test', now(), now())`,
        [replayId, contestId],
      );
      const midway = await call('GET', `/admin/replays/${replayId}`, { token: admin.token });
      expect(midway.body).toMatchObject({
        status: 'running',
        progress: { processed: 5, total: 40 },
      });
      expect(midway.body.result).toBeUndefined();
      const worker = await startWorkerBeside(t);
      try {
        const deadline = Date.now() + 20_000;
        let state = midway.body;
        while (state.status !== 'done' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          state = (await call('GET', `/admin/replays/${replayId}`, { token: admin.token })).body;
        }
        expect(state).toMatchObject({ status: 'done', attempts: 2 });
        expect(state.result.standings.length).toBe(2);
      } finally {
        await worker.app.close();
      }
    });
  });
});
