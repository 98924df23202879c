import { DataSource } from 'typeorm';
import { ProjectionRunner } from '../src/projections/runtime/projection-runner';
import { Projector, PROJECTORS } from '../src/projections/runtime/projector';
import { http, drainThrough, inSeconds, SignedInUser, signUp } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

describe('a scripted contest over HTTP', () => {
  let t: TestApp;
  let alice: SignedInUser,
    bob: SignedInUser,
    carol: SignedInUser,
    dave: SignedInUser,
    erin: SignedInUser;
  let contestId: string;
  const entries: Record<string, string> = {};
  const refusals: { commandId: string; code: string }[] = [];
  let lastPosition = 0;

  const call = async (method: string, path: string, options?: Parameters<typeof http>[3]) => {
    const reply = await http(t.baseUrl, method, path, options);
    if (typeof reply.body?.position === 'number')
      lastPosition = Math.max(lastPosition, reply.body.position);
    return reply;
  };
  const expectRefusal = async (
    reply: Awaited<ReturnType<typeof call>>,
    status: number,
    code: string,
  ) => {
    expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
    refusals.push({ commandId: reply.body.commandId, code });
  };
  const vote = (user: SignedInUser, entry: string, value: 1 | -1) =>
    call('POST', `/entries/${entries[entry]}/vote`, { token: user.token, body: { value } });
  const view = (entry: string, viewerId: string, watchedSeconds: number) =>
    call('POST', `/entries/${entries[entry]}/views`, { body: { viewerId, watchedSeconds } });

  beforeAll(async () => {
    t = await startTestApp({ PROJECTION_POLL_MS: '200' });
    [alice, bob, carol, dave, erin] = await Promise.all(
      ['alice', 'bob', 'carol', 'dave', 'erin'].map((name) => signUp(t.baseUrl, name)),
    );

    const created = await call('POST', '/contests', {
      token: alice.token,
      body: {
        title: 'Air guitar 2026',
        category: 'music',
        submissionsCloseAt: inSeconds(600),
        votingClosesAt: inSeconds(1200),
      },
    });
    expect(created.status).toBe(201);
    contestId = created.body.contestId;
    for (const [name, author] of [
      ['B', bob],
      ['C', carol],
      ['D', dave],
    ] as const) {
      const submitted = await call('POST', `/contests/${contestId}/entries`, {
        token: author.token,
        body: { title: `Entry ${name}`, videoUrl: `https://videos.example/${name}.mp4` },
      });
      expect(submitted.status).toBe(201);
      entries[name] = submitted.body.entryId;
    }
    await expectRefusal(
      await call('POST', `/contests/${contestId}/entries`, {
        token: bob.token,
        body: { title: 'Again', videoUrl: 'https://v.example/x' },
      }),
      409,
      'ALREADY_SUBMITTED',
    );

    // B: alice, erin, dave up; carol down then retracted -> 3 up, 0 down.
    for (const voter of [alice, erin, dave]) expect((await vote(voter, 'B', 1)).status).toBe(200);
    expect((await vote(carol, 'B', -1)).status).toBe(200);
    expect(
      (await call('DELETE', `/entries/${entries.B}/vote`, { token: carol.token })).status,
    ).toBe(200);
    await expectRefusal(
      await call('DELETE', `/entries/${entries.B}/vote`, { token: carol.token }),
      409,
      'NO_VOTE_TO_RETRACT',
    );
    await expectRefusal(await vote(bob, 'B', 1), 403, 'SELF_VOTE_FORBIDDEN');
    await expectRefusal(await vote(alice, 'B', 1), 409, 'ALREADY_VOTED');
    // C: alice up, erin down then flipped up, bob down -> 2 up, 1 down.
    expect((await vote(alice, 'C', 1)).status).toBe(200);
    expect((await vote(erin, 'C', -1)).status).toBe(200);
    expect((await vote(erin, 'C', 1)).status).toBe(200);
    expect((await vote(bob, 'C', -1)).status).toBe(200);
    // D: bob up -> 1 up.
    expect((await vote(bob, 'D', 1)).status).toBe(200);

    // Comments: erin twice on C (distinct authors: 1), carol on her own C (excluded), alice on D.
    const comment = (user: SignedInUser, entry: string, body: string) =>
      call('POST', `/entries/${entries[entry]}/comments`, { token: user.token, body: { body } });
    for (const [user, entry, body] of [
      [erin, 'C', 'What a solo'],
      [erin, 'C', 'Encore!'],
      [carol, 'C', 'Thanks all'],
      [alice, 'D', 'Nice'],
    ] as const) {
      expect((await comment(user, entry, body)).status).toBe(201);
    }

    // Views: on B v1 twice inside the 30-minute window (1 counted), v2 too short, v3 counted.
    expect((await view('B', 'v1', 10)).status).toBe(202);
    expect((await view('B', 'v1', 10)).status).toBe(202);
    expect((await view('B', 'v2', 2)).status).toBe(202);
    expect((await view('B', 'v3', 5)).status).toBe(202);
    expect((await view('C', 'v1', 20)).status).toBe(202);

    expect(
      (await call('POST', `/contests/${contestId}/close`, { token: bob.token })).body.code,
    ).toBe('NOT_CONTEST_OWNER');
    refusals.push({
      commandId: (
        await t.dataSource.query(
          `SELECT command_id FROM command_log ORDER BY position DESC LIMIT 1`,
        )
      )[0].command_id,
      code: 'NOT_CONTEST_OWNER',
    });
    expect(
      (await call('POST', `/contests/${contestId}/close`, { token: alice.token })).status,
    ).toBe(200);
    await expectRefusal(await vote(erin, 'D', 1), 422, 'VOTING_CLOSED');
    await expectRefusal(await view('D', 'v9', 30), 422, 'CONTEST_CLOSED');
  });
  afterAll(() => t?.close());

  it('produces exactly the standings docs/RULESET.md gives by hand, marked final', async () => {
    const standings = await call(
      'GET',
      `/contests/${contestId}/standings?minPosition=${lastPosition}&waitMs=5000`,
    );
    expect(standings.status).toBe(200);
    expect(standings.body).toMatchObject({
      contestId,
      final: true,
      ruleset: { rulesetId: 'standard-v1', name: 'standard-v1' },
    });
    // score = 1·(up − down) + 0.5·ln(1 + comments) + 0.1·ln(1 + views), rounded to 6 places
    //   B: 3 + 0 + 0.1·ln 3 = 3 + 0.109861 = 3.109861
    //   C: 1 + 0.5·ln 2 + 0.1·ln 2 = 1 + 0.346574 + 0.069315 = 1.415888
    //   D: 1 + 0.5·ln 2 + 0 = 1.346574
    expect(standings.body.items).toEqual([
      expect.objectContaining({
        rank: 1,
        entryId: entries.B,
        score: 3.109861,
        upvotes: 3,
        downvotes: 0,
        comments: 0,
        views: 2,
        watchSeconds: 15,
        authorName: 'Bob',
      }),
      expect.objectContaining({
        rank: 2,
        entryId: entries.C,
        score: 1.415888,
        upvotes: 2,
        downvotes: 1,
        comments: 1,
        views: 1,
        watchSeconds: 20,
      }),
      expect.objectContaining({
        rank: 3,
        entryId: entries.D,
        score: 1.346574,
        upvotes: 1,
        downvotes: 0,
        comments: 1,
        views: 0,
        watchSeconds: 0,
      }),
    ]);
    const [{ closed_at }] = await t.dataSource.query(
      `SELECT closed_at FROM contests WHERE contest_id = $1`,
      [contestId],
    );
    expect(standings.body.asOf).toBe(closed_at.toISOString());
  });

  it('logs every refused command with its code', async () => {
    expect(refusals.length).toBeGreaterThanOrEqual(7);
    for (const { commandId, code } of refusals) {
      const [row] = await t.dataSource.query(
        `SELECT status, rejection_code FROM command_log WHERE command_id = $1`,
        [commandId],
      );
      expect(row).toEqual({ status: 'rejected', rejection_code: code });
    }
  });

  it('finds contests by text in their title, ignoring case, with % and _ taken literally, in pages', async () => {
    const owner = await signUp(t.baseUrl, 'title_finder');
    const titles = ['Kazoo 100% live', 'Kazoo_duets', 'KAZOO night', 'Tuba'];
    let position = 0;
    for (const title of titles) {
      const created = await call('POST', '/contests', {
        token: owner.token,
        body: {
          title,
          category: 'brass',
          submissionsCloseAt: inSeconds(600),
          votingClosesAt: inSeconds(1200),
        },
      });
      expect(created.status).toBe(201);
      position = Math.max(position, created.body.position);
    }
    const found = async (text: string, limit = 50) => {
      const shown: string[] = [];
      for (let cursor = ''; ;) {
        const page = await call(
          'GET',
          `/contests?category=brass&title=${encodeURIComponent(text)}&limit=${limit}` +
            `&minPosition=${position}&waitMs=5000${cursor && `&cursor=${cursor}`}`,
        );
        expect(page.status).toBe(200);
        shown.push(...page.body.items.map((c: { title: string }) => c.title));
        if (!page.body.nextCursor) return shown;
        cursor = page.body.nextCursor;
      }
    };
    expect(await found('kazoo')).toEqual(['KAZOO night', 'Kazoo_duets', 'Kazoo 100% live']);
    expect(await found('kazoo', 1)).toEqual(['KAZOO night', 'Kazoo_duets', 'Kazoo 100% live']);
    expect(await found('%')).toEqual(['Kazoo 100% live']);
    expect(await found('o_d')).toEqual(['Kazoo_duets']);
    expect(await found('\\')).toEqual([]);
    expect(await found('trombone')).toEqual([]);
    const tooLong = await call('GET', `/contests?title=${'x'.repeat(101)}`);
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('serves the contest list, contest detail, entry detail, comments and user activity', async () => {
    const wait = `minPosition=${lastPosition}&waitMs=5000`;
    const list = await call('GET', `/contests?status=closed&category=music&${wait}`);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        contestId,
        status: 'closed',
        entryCount: 3,
        voteCount: 7,
        leader: expect.objectContaining({ entryId: entries.B }),
      }),
    ]);
    expect((await call('GET', `/contests?status=open&category=music&${wait}`)).body.items).toEqual(
      [],
    );
    const all = await call('GET', `/contests?category=music&limit=1&${wait}`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((c: { contestId: string }) => c.contestId)).toEqual([contestId]);
    expect(all.body.nextCursor).toBeNull();

    const detail = await call('GET', `/contests/${contestId}?${wait}`);
    expect(detail.body).toMatchObject({
      contestId,
      owner: { userId: alice.userId, displayName: 'Alice' },
      status: 'closed',
      entryCount: 3,
      voteCount: 7,
      commentCount: 4,
      viewCount: 5,
      ruleset: { rulesetId: 'standard-v1' },
    });

    const entry = await call('GET', `/entries/${entries.C}?${wait}`);
    expect(entry.body).toMatchObject({
      entryId: entries.C,
      rank: 2,
      score: 1.415888,
      upvotes: 2,
      downvotes: 1,
      author: { userId: carol.userId },
    });
    expect(entry.body.recentComments.map((c: { body: string }) => c.body)).toEqual([
      'Thanks all',
      'Encore!',
      'What a solo',
    ]);

    const page1 = await call('GET', `/entries/${entries.C}/comments?limit=2&${wait}`);
    expect(page1.body.items.map((c: { body: string }) => c.body)).toEqual([
      'Thanks all',
      'Encore!',
    ]);
    const page2 = await call(
      'GET',
      `/entries/${entries.C}/comments?limit=2&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map((c: { body: string }) => c.body)).toEqual(['What a solo']);
    expect(page2.body.nextCursor).toBeNull();

    const activity = await call('GET', `/users/${alice.userId}?${wait}`);
    expect(activity.body).toMatchObject({
      contestsCreated: 1,
      entriesSubmitted: 0,
      votesCast: 2,
      commentsWritten: 1,
    });
    const erinActivity = await call('GET', `/users/${erin.userId}?${wait}`);
    expect(erinActivity.body).toMatchObject({ votesCast: 2, commentsWritten: 2 });
  });

  it('rebuilding every view from position 0 reproduces the live tables exactly', async () => {
    await call('GET', `/contests/${contestId}/standings?minPosition=${lastPosition}&waitMs=5000`);
    const projectors = t.app.get<Projector[]>(PROJECTORS);
    const runner = t.app.get(ProjectionRunner);
    const ds = t.app.get(DataSource);
    const tables = await viewTables(ds);
    for (const projector of projectors) {
      await drainThrough(ds, runner, projector, lastPosition);
    }
    const live = await snapshot(ds, tables);
    await ds.transaction(async (tx) => {
      for (const table of tables) await tx.query(`TRUNCATE ${table}`);
      await tx.query(
        `UPDATE projection_checkpoints SET last_tx_id = '0', last_position = 0, high_position = 0`,
      );
    });
    for (const projector of projectors) await drainThrough(ds, runner, projector, lastPosition);
    expect(await snapshot(ds, tables)).toEqual(live);
  });
});

async function viewTables(ds: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'view\\_%' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

async function snapshot(ds: DataSource, tables: string[]): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows: { row: unknown }[] = await ds.query(
      `SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY to_jsonb(t)::text`,
    );
    result[table] = rows.map((r) => r.row);
  }
  return result;
}
