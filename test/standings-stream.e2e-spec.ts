import { http, inSeconds, ReplyCheck, signUp, SignedInUser } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';
import { shutdownGateOf } from '../src/platform/shutdown/graceful-shutdown';
import { StandingsBroadcast } from '../src/projections/standings/standings-broadcast';

interface SseEvent {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A small SSE reader over fetch's body stream: blocks end at a blank line; comment lines (the
 * heartbeats) are counted; `data` is parsed as JSON (every event of this stream is a page).
 */
class SseReader {
  heartbeats = 0;
  private buffer = '';
  private ended = false;
  /** A read that lost a race with a timeout: the next call takes its chunk, nothing is dropped. */
  private pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> | null = null;
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.reader = response.body!.getReader();
  }

  /** The next event; 'end' once the server ended the response; 'timeout' if none came in time. */
  async next(timeoutMs = 5_000): Promise<SseEvent | 'end' | 'timeout'> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const cut = this.buffer.indexOf('\n\n');
      if (cut >= 0) {
        const block = this.buffer.slice(0, cut);
        this.buffer = this.buffer.slice(cut + 2);
        const event = this.parse(block);
        if (event) return event;
        continue;
      }
      if (this.ended) return 'end';
      if (!(await this.fill(deadline))) return 'timeout';
    }
  }

  /** The next event, which must come within the time. */
  async event(timeoutMs = 5_000): Promise<SseEvent> {
    const next = await this.next(timeoutMs);
    if (typeof next === 'string') throw new Error(`expected an event, got ${next}`);
    return next;
  }

  close(): void {
    this.pending?.catch(() => undefined);
    this.abort.abort();
  }

  private async fill(deadline: number): Promise<boolean> {
    this.pending ??= this.reader.read();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    });
    const result = await Promise.race([this.pending, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') return false;
    this.pending = null;
    if (result.done) this.ended = true;
    else this.buffer += this.decoder.decode(result.value, { stream: true });
    return true;
  }

  private parse(block: string): SseEvent | null {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        if (line === ': heartbeat') this.heartbeats += 1;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      if (field === 'id') id = value;
      if (field === 'data') data.push(value);
    }
    if (data.length === 0) return null;
    return { event, id, data: JSON.parse(data.join('\n')) };
  }
}

describe('live standings over Server-Sent Events', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let authors: SignedInUser[];
  let voters: SignedInUser[];
  let contestId: string;
  let entryId: string;
  const readers: SseReader[] = [];

  const open = async (path: string, headers: Record<string, string> = {}) => {
    const abort = new AbortController();
    const response = await fetch(`${t.baseUrl}${path}`, { headers, signal: abort.signal });
    const reader = new SseReader(response, abort);
    readers.push(reader);
    return reader;
  };
  const stream = (id = contestId, query = '?limit=10') =>
    `/contests/${id}/standings/stream${query}`;
  const vote = async (voter: SignedInUser) => {
    const reply = await http(t.baseUrl, 'POST', `/entries/${entryId}/vote`, {
      token: voter.token,
      body: { value: 1 },
    });
    expect(reply.status).toBe(200);
    return Number(reply.headers.get('x-log-position'));
  };
  const upvotesOf = (event: SseEvent) =>
    event.data.items.find((item: { entryId: string }) => item.entryId === entryId).upvotes;
  /** Events until one shows `upvotes` on the entry (a page may come from an earlier change). */
  const eventWithUpvotes = async (reader: SseReader, upvotes: number) => {
    for (;;) {
      const event = await reader.event();
      if (upvotesOf(event) === upvotes) return event;
    }
  };

  beforeAll(async () => {
    t = await startTestApp({
      PROJECTION_POLL_MS: '200',
      SSE_HEARTBEAT_MS: '200',
      STANDINGS_STREAM_CHECK_MS: '100',
    });
    [owner, ...authors] = await Promise.all(
      ['sse_owner', 'sse_author_a', 'sse_author_b'].map((name) => signUp(t.baseUrl, name)),
    );
    voters = await Promise.all(['sse_v1', 'sse_v2', 'sse_v3'].map((n) => signUp(t.baseUrl, n)));
    const created = await http(t.baseUrl, 'POST', '/contests', {
      token: owner.token,
      body: {
        title: 'Air guitar live',
        category: 'music',
        submissionsCloseAt: inSeconds(600),
        votingClosesAt: inSeconds(1200),
      },
    });
    contestId = created.body.contestId;
    const entries = await Promise.all(
      authors.map((author, i) =>
        http(t.baseUrl, 'POST', `/contests/${contestId}/entries`, {
          token: author.token,
          body: { title: `Solo ${i}`, videoUrl: `https://videos.example/${i}.mp4` },
        }),
      ),
    );
    entryId = entries[0].body.entryId;
    // Streams start from what the view holds: wait until it holds both entries.
    await http(
      t.baseUrl,
      'GET',
      `/contests/${contestId}/standings?minPosition=${entries[1].body.position}&waitMs=5000`,
    );
  });
  afterEach(() => readers.splice(0).forEach((reader) => reader.close()));
  afterAll(async () => {
    // Node's fetch opens a spare connection after a stream is aborted and sends nothing on it;
    // the server counts a connection without a request as busy and would wait out the
    // keep-alive timeout (72 s) on close. Those are the test client's, not streams: cut them.
    t?.app.getHttpServer().closeAllConnections();
    await t?.close();
  });

  let lastId: string;

  it('sends the page at once, then a page showing each vote, its id at or after the vote', async () => {
    const reader = await open(stream());
    expect(reader.response.status).toBe(200);
    expect(reader.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(reader.response.headers.get('cache-control')).toBe('no-cache');
    expect(reader.response.headers.get('x-accel-buffering')).toBe('no');
    expect(reader.response.headers.get('x-request-id')).toBeTruthy();
    expect(reader.response.headers.get('x-content-type-options')).toBe('nosniff');

    const first = await reader.event();
    expect(first.event).toBe('standings');
    expect(first.id).toMatch(/^\d+$/);
    expect(first.data).toMatchObject({ contestId, final: false });
    expect(first.data.items).toHaveLength(2);
    // The same page GET /contests/:contestId/standings answers for that limit.
    const read = await http(t.baseUrl, 'GET', `/contests/${contestId}/standings?limit=10`);
    expect({ ...first.data, position: 0 }).toEqual({ ...read.body, position: 0 });

    const position = await vote(voters[0]);
    const moved = await eventWithUpvotes(reader, 1);
    expect(moved.event).toBe('standings');
    expect(Number(moved.id)).toBeGreaterThanOrEqual(position);
    expect(moved.data.position).toBeGreaterThanOrEqual(Number(moved.id));
    expect(moved.data.items[0]).toMatchObject({ rank: 1, entryId, upvotes: 1 });
    expect(moved.data.items[0].score).toBeGreaterThan(first.data.items[0].score);
    lastId = moved.id!;
  });

  it('resumes after Last-Event-ID: a vote cast while away comes at once; with nothing new, it waits for the next change', async () => {
    const position = await vote(voters[1]); // nobody is connected
    await http(
      t.baseUrl,
      'GET',
      `/contests/${contestId}/standings?minPosition=${position}&waitMs=5000`,
    );

    const resumed = await open(stream(), { 'last-event-id': lastId });
    const caughtUp = await resumed.event(2_000);
    expect(upvotesOf(caughtUp)).toBe(2);
    expect(Number(caughtUp.id)).toBeGreaterThanOrEqual(position);

    const upToDate = await open(stream(), { 'last-event-id': caughtUp.id! });
    expect(upToDate.response.status).toBe(200);
    expect(await upToDate.next(800)).toBe('timeout');
    const next = await vote(voters[2]);
    const changed = await upToDate.event();
    expect(upvotesOf(changed)).toBe(3);
    expect(Number(changed.id)).toBeGreaterThanOrEqual(next);
  });

  it('sends heartbeats while nothing changes', async () => {
    const reader = await open(stream());
    await reader.event();
    expect(await reader.next(1_000)).toBe('timeout');
    expect(reader.heartbeats).toBeGreaterThanOrEqual(2);
  });

  it('ends with a `final` event once the contest is finalized; a final contest gets that one event', async () => {
    const created = await http(t.baseUrl, 'POST', '/contests', {
      token: owner.token,
      body: {
        title: 'Quick one',
        category: 'music',
        submissionsCloseAt: inSeconds(2),
        votingClosesAt: inSeconds(3),
      },
    });
    const quick = created.body.contestId;
    await http(
      t.baseUrl,
      'GET',
      `/contests/${quick}/standings?minPosition=${created.body.position}&waitMs=5000`,
    );
    const reader = await open(stream(quick));
    expect((await reader.event()).data.final).toBe(false);

    // The delayed finalization job (or the sweep) closes it a few seconds from now.
    let last = await reader.event(20_000);
    while (last.event === 'standings') last = await reader.event(20_000);
    expect(last.event).toBe('final');
    expect(last.data).toMatchObject({ contestId: quick, final: true });
    expect(await reader.next()).toBe('end');

    const late = await open(stream(quick));
    const only = await late.event();
    expect({ event: only.event, id: only.id, final: only.data.final }).toEqual({
      event: 'final',
      id: last.id,
      final: true,
    });
    expect(await late.next()).toBe('end');
    // Resuming after the final event still hears that it is over, rather than waiting forever.
    const resumed = await open(stream(quick), { 'last-event-id': last.id! });
    expect((await resumed.event()).event).toBe('final');
    expect(await resumed.next()).toBe('end');
  }, 60_000);

  it('refuses an unknown contest (404) and a malformed Last-Event-ID or path id (400) as problem+json, before any stream', async () => {
    const missing = await http(t.baseUrl, 'GET', stream('0193b2c4-0000-7000-8000-000000000000'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    for (const lastEventId of ['abc', '-1', '12345678901234567']) {
      const bad = await http(t.baseUrl, 'GET', stream(), {
        headers: { 'last-event-id': lastEventId },
      });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(bad.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ path: 'Last-Event-ID' })],
      });
    }
    const notUuid = await http(t.baseUrl, 'GET', '/contests/nope/standings/stream');
    expect({ status: notUuid.status, code: notUuid.body.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const badLimit = await http(t.baseUrl, 'GET', stream(contestId, '?limit=201'));
    expect(badLimit.status).toBe(400);
  });

  it('is in the served contract: its event stream, its Last-Event-ID, its refusals', async () => {
    const served = (await http(t.baseUrl, 'GET', '/docs-json')).body;
    const contract = new ReplyCheck(served);
    const operation = served.paths['/contests/{contestId}/standings/stream'].get;
    expect(Object.keys(operation.responses['200'].content)).toEqual(['text/event-stream']);
    expect(operation.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Last-Event-ID', in: 'header' })]),
    );
    const reader = await open(stream());
    await reader.event();
    const seen = (path: string, reply: { status: number; headers: Headers; text: string }) =>
      contract.violations({ method: 'GET', path, ...reply });
    const { status, headers } = reader.response;
    expect(seen(stream(), { status, headers, text: '' })).toEqual([]);
    const path = stream('0193b2c4-0000-7000-8000-000000000000');
    const missing = await http(t.baseUrl, 'GET', path);
    expect(seen(path, missing)).toEqual([]);
    const bad = await http(t.baseUrl, 'GET', stream(), { headers: { 'last-event-id': 'x' } });
    expect(seen(stream(), bad)).toEqual([]);
  });

  it('lets go of a stream whose client left', async () => {
    const broadcast = t.app.get(StandingsBroadcast);
    const reader = await open(stream());
    await reader.event();
    expect(broadcast.subscribers).toBeGreaterThanOrEqual(1);
    readers.splice(0).forEach((r) => r.close());
    const deadline = Date.now() + 2_000;
    while (broadcast.subscribers > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(broadcast.subscribers).toBe(0);
  });

  // Last: the gate stays closed, so the app takes no request after it.
  it('ends every stream promptly once shutdown begins, so the drain is not held up', async () => {
    const reader = await open(stream());
    await reader.event();
    const gate = shutdownGateOf(t.app)!;
    const closedAt = Date.now();
    gate.close();
    expect(await reader.next(2_000)).toBe('end');
    await gate.whenIdle();
    expect(Date.now() - closedAt).toBeLessThan(2_000);
  });
});
