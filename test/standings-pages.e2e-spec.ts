import { http, inSeconds, signUp } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

describe('standings pages: one serialized page per checkpoint move, with ETag and 304', () => {
  let t: TestApp;
  let contestId: string;
  let entryId: string;
  let voterToken: string;

  beforeAll(async () => {
    t = await startTestApp({ PROJECTION_POLL_MS: '200' });
    const [owner, author, voter] = await Promise.all(
      ['pages_owner', 'pages_author', 'pages_voter'].map((name) => signUp(t.baseUrl, name)),
    );
    voterToken = voter.token;
    const created = await http(t.baseUrl, 'POST', '/contests', {
      token: owner.token,
      body: {
        title: 'Bike stunts',
        category: 'sport',
        submissionsCloseAt: inSeconds(600),
        votingClosesAt: inSeconds(1200),
      },
    });
    contestId = created.body.contestId;
    const entry = await http(t.baseUrl, 'POST', `/contests/${contestId}/entries`, {
      token: author.token,
      body: { title: 'Backflip', videoUrl: 'https://videos.example/flip.mp4' },
    });
    entryId = entry.body.entryId;
  });
  afterAll(() => t?.close());

  const standings = (query = '', headers: Record<string, string> = {}) =>
    http(t.baseUrl, 'GET', `/contests/${contestId}/standings${query}`, { headers });

  it('answers If-None-Match with the current ETag by 304, with no body and the same position', async () => {
    const vote = await http(t.baseUrl, 'POST', `/entries/${entryId}/vote`, {
      token: voterToken,
      body: { value: 1 },
    });
    const first = await standings(`?minPosition=${vote.body.position}&waitMs=5000`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);

    const again = await standings(`?minPosition=${vote.body.position}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(Number(again.headers.get('x-projection-position'))).toBeGreaterThanOrEqual(
      vote.body.position,
    );
    // A list of validators, or the weak form of this one, matches too.
    expect((await standings('', { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await standings('', { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('builds a new page, with a new ETag, once the view has moved past a new vote', async () => {
    const before = await standings('?limit=10');
    const retract = await http(t.baseUrl, 'DELETE', `/entries/${entryId}/vote`, {
      token: voterToken,
    });
    expect(retract.status).toBe(200);
    const after = await standings(`?limit=10&minPosition=${retract.body.position}&waitMs=5000`, {
      'if-none-match': before.headers.get('etag')!,
    });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(after.body.items[0]).toMatchObject({ entryId, upvotes: 0 });
    // Without minPosition, a reader gets that page (or a later one) within moments: the
    // position is read again every 20 ms, and a page is served at most 250 ms behind it.
    const deadline = Date.now() + 1_000;
    let latest = await standings('?limit=10');
    while (latest.body.position < retract.body.position && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      latest = await standings('?limit=10');
    }
    expect(latest.body.position).toBeGreaterThanOrEqual(retract.body.position);
    expect(latest.body.items[0].upvotes).toBe(0);
  });

  it('serves each page size and offset as its own page, and a stranger contest as 404', async () => {
    const [ten, offset] = await Promise.all([standings('?limit=10'), standings('?offset=1')]);
    expect(ten.body.items).toHaveLength(1);
    expect(offset.body.items).toHaveLength(0);
    expect(ten.headers.get('etag')).not.toBe(offset.headers.get('etag'));
    const missing = await http(
      t.baseUrl,
      'GET',
      '/contests/0193b2c4-0000-7000-8000-000000000000/standings',
    );
    expect({ status: missing.status, code: missing.body.code }).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
  });
});
