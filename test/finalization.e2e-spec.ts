import { http, inSeconds, signUp } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

describe('finalization at votingClosesAt', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PROJECTION_POLL_MS: '200' });
  });
  afterAll(() => t?.close());

  it('closes the contest without any request; later votes are VOTING_CLOSED and the standings final', async () => {
    const owner = await signUp(t.baseUrl, 'fin_owner');
    const author = await signUp(t.baseUrl, 'fin_author');
    const voter = await signUp(t.baseUrl, 'fin_voter');
    const created = await http(t.baseUrl, 'POST', '/contests', {
      token: owner.token,
      body: {
        title: 'Quick one',
        category: 'juggling',
        submissionsCloseAt: inSeconds(1),
        votingClosesAt: inSeconds(2),
      },
    });
    expect(created.status).toBe(201);
    const contestId = created.body.contestId;
    const entry = await http(t.baseUrl, 'POST', `/contests/${contestId}/entries`, {
      token: author.token,
      body: { title: 'Five balls', videoUrl: 'https://videos.example/5.mp4' },
    });
    expect(
      (
        await http(t.baseUrl, 'POST', `/entries/${entry.body.entryId}/vote`, {
          token: voter.token,
          body: { value: 1 },
        })
      ).status,
    ).toBe(200);

    // No request from here on: the delayed job (or the sweep) finalizes it.
    const deadline = Date.now() + 15_000;
    let finalized: { position: string; actor_id: string; status: string }[] = [];
    while (Date.now() < deadline && finalized.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      finalized = await t.dataSource.query(
        `SELECT position, actor_id, status FROM command_log WHERE type = 'FinalizeContest' AND stream_key = $1 AND status = 'accepted'`,
        [`contest:${contestId}`],
      );
    }
    expect(finalized).toEqual([
      expect.objectContaining({ actor_id: 'system', status: 'accepted' }),
    ]);

    const late = await http(t.baseUrl, 'POST', `/entries/${entry.body.entryId}/vote`, {
      token: owner.token,
      body: { value: 1 },
    });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('VOTING_CLOSED');

    const standings = await http(
      t.baseUrl,
      'GET',
      `/contests/${contestId}/standings?minPosition=${finalized[0].position}&waitMs=5000`,
    );
    expect(standings.body).toMatchObject({
      final: true,
      items: [expect.objectContaining({ rank: 1, upvotes: 1 })],
    });
    const [{ voting_closes_at }] = await t.dataSource.query(
      `SELECT voting_closes_at FROM contests WHERE contest_id = $1`,
      [contestId],
    );
    expect(standings.body.asOf).toBe(voting_closes_at.toISOString());
    const detail = await http(
      t.baseUrl,
      'GET',
      `/contests/${contestId}?minPosition=${finalized[0].position}`,
    );
    expect(detail.body.status).toBe('closed');
  });
});
