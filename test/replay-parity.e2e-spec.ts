import fc from 'fast-check';
import { generateHistory } from '../src/demo/history-generator';
import { HistoryWriter } from '../src/demo/history-writer';
import { DEMO_OPTIONS } from '../src/demo/seed-options';
import { rulesetHash, validateRuleset } from '@contest/ranking-engine';
import { ReplayRunner } from '../src/replays/running/replay-runner';
import { runReplayInThread } from '../src/replays/running/replay-thread';
import { http, awaitSettledLog } from '@contest/testing';
import { replayWholeLog, startTestApp, TestApp } from '@contest/testing/app';

const ADMIN_PASSWORD = 'parity-admin-password';

describe('replay parity with the live path', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      ADMIN_USERNAME: 'parity_admin',
      ADMIN_PASSWORD,
      PROJECTION_POLL_MS: '200',
    });
  });
  afterAll(() => t?.close());

  it('decides random command sequences identically live (Postgres) and in memory, command by command (property)', async () => {
    const writer = t.app.get(HistoryWriter);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), async (seed) => {
        const options = {
          ...DEMO_OPTIONS,
          users: 8,
          contests: 2,
          entriesPerContest: 4,
          votes: 60,
          comments: 10,
          viewsPerVote: 1,
          failedLogins: 6,
          seed,
        };
        await writer.write(generateHistory(options, new Date()));
        const { outcomes } = await replayWholeLog(t.dataSource);
        const differing = outcomes.filter(
          (o) => o.recorded.status !== o.replayed.status || o.recorded.code !== o.replayed.code,
        );
        expect(differing).toEqual([]);
      }),
      { numRuns: 6 },
    );
  });

  it('a generated history with a rule change in the middle replays to exactly the live standings, with no flips', async () => {
    const writer = t.app.get(HistoryWriter);
    const now = new Date();
    await writer.write(generateHistory({ ...DEMO_OPTIONS, seed: 99, contests: 2 }, now));
    const [live] = await t.dataSource.query(
      `SELECT contest_id FROM contests WHERE closed_at IS NULL AND voting_closes_at > now() ORDER BY contest_id LIMIT 1`,
    );
    const contestId: string = live.contest_id;
    const login = await http(t.baseUrl, 'POST', '/auth/login', {
      body: { username: 'parity_admin', password: ADMIN_PASSWORD },
    });
    const token = login.body.token;
    const ruleset = await http(t.baseUrl, 'POST', '/admin/rulesets', {
      token,
      body: {
        name: 'bayes-decay',
        definition: {
          acceptance: { maxVotesPerUserPerContest: 2 },
          scoring: {
            votes: { aggregate: { kind: 'bayesian', m: 5, prior: 'contest' } },
            decay: { kind: 'exponential', halfLifeHours: 12 },
          },
        },
      },
    });
    expect(
      (
        await http(t.baseUrl, 'POST', `/contests/${contestId}/ruleset`, {
          token,
          body: { rulesetId: ruleset.body.rulesetId },
        })
      ).status,
    ).toBe(200);
    // More history after the change, decided under the new acceptance (2 votes per voter).
    const entries: { entry_id: string }[] = await t.dataSource.query(
      `SELECT entry_id FROM entries WHERE contest_id = $1`,
      [contestId],
    );
    let last = 0;
    for (const entry of entries) {
      const reply = await http(t.baseUrl, 'POST', `/entries/${entry.entry_id}/vote`, {
        token,
        body: { value: 1 },
      });
      last = Math.max(last, reply.body.position);
    }
    const codes = await t.dataSource.query(
      `SELECT DISTINCT rejection_code FROM command_log WHERE stream_key = $1 AND status = 'rejected'`,
      [`contest:${contestId}`],
    );
    expect(codes.length).toBeGreaterThan(0);

    const view = await http(
      t.baseUrl,
      'GET',
      `/contests/${contestId}/standings?limit=200&minPosition=${last}&waitMs=5000`,
    );
    expect(view.body.ruleset.rulesetId).toBe(ruleset.body.rulesetId);
    const { result } = await t.app
      .get(ReplayRunner)
      .run({ contestId, candidate: null, asOf: null });
    expect(result.outcomeChanges).toEqual({
      acceptedToRejected: 0,
      rejectedToAccepted: 0,
      byCode: {},
    });
    expect(
      result.standings.map((s) => [s.rank, s.entryId, s.score, s.upvotes, s.downvotes]),
    ).toEqual(
      view.body.items.map((s: Record<string, unknown>) => [
        s.rank,
        s.entryId,
        s.score,
        s.upvotes,
        s.downvotes,
      ]),
    );
    expect(result.asOf).toBe(view.body.asOf);
  });

  it('a replay in a thread of its own gives what the in-process replay gives, and one too large for its heap fails saying so', async () => {
    // Given a history
    await t.app.get(HistoryWriter).write(generateHistory({ ...DEMO_OPTIONS, seed: 5 }, new Date()));
    const [{ contest_id: contestId }] = await t.dataSource.query(
      `SELECT contest_id FROM contests ORDER BY contest_id LIMIT 1`,
    );
    const checked = validateRuleset({ acceptance: { maxVotesPerUserPerContest: 1 } });
    if (!checked.ok) throw new Error('the candidate is valid');
    const request = {
      contestId,
      candidate: {
        rulesetId: 'one-vote',
        name: 'one vote',
        hash: rulesetHash(checked.ruleset),
        acceptance: checked.ruleset.acceptance,
        scoring: checked.ruleset.scoring as unknown as Record<string, unknown>,
      },
      asOf: null,
    };
    // When it is replayed in process and in a thread (both read gap-safe: from a settled log)
    await awaitSettledLog(t.dataSource);
    const inProcess = await t.app.get(ReplayRunner).run(request);
    const progress: number[] = [];
    const threaded = await runReplayInThread(
      request,
      { databaseUrl: t.config.databaseUrl, heapMb: 192 },
      (processed) => void progress.push(processed),
    );
    // Then the results are the same, and progress was reported up to the end
    expect(threaded.result).toEqual(inProcess.result);
    expect(threaded.stats.commands).toBe(inProcess.stats.commands);
    expect(progress[progress.length - 1]).toBe(inProcess.stats.commands);
    // And a heap too small for it fails the replay alone, with what to change
    await expect(
      runReplayInThread(request, { databaseUrl: t.config.databaseUrl, heapMb: 4 }),
    ).rejects.toThrow(/REPLAY_HEAP_MB/);
    // Each thread compiles the sources it runs (ts-node) before it replays: 8 s alone, over 60 s
    // beside other suites on a 2-core CI machine.
  }, 240_000);
});
