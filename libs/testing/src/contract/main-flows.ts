import type { ContestClient } from '@contest/client';
import { inSeconds } from '../http/users';

/** How a flow reaches the platform: a typed client per token, and the state tests arrange. */
export interface FlowContext {
  client(token?: string): ContestClient;
  readonly admin: { readonly username: string; readonly password: string };
  /** Parks a row of the user-activity projection, as a fault would; returns its id. */
  parkDeadLetter(): Promise<number>;
  /** Halts or resumes the user-activity projection (readiness follows it). */
  haltProjection(halted: boolean): Promise<void>;
  /**
   * Whether the flows also send requests the contract itself forbids (an empty comment), to
   * see the app refuse them. Not through a validating proxy, which refuses them itself.
   */
  readonly sendsInvalidRequests: boolean;
}

/** What a typed call returned: its status, and its body (a success's or a problem). */
interface Called {
  readonly response: Response;
  readonly data?: unknown;
  readonly error?: unknown;
}

/** The call answered `status`; else it throws with what came back. */
export function expectStatus<C extends Called>(called: C, status: number, code?: string): C {
  const problem = called.error as { code?: string } | undefined;
  if (called.response.status !== status || (code !== undefined && problem?.code !== code)) {
    throw new Error(
      `${called.response.url}: expected ${status}${code ? ` ${code}` : ''}, got ` +
        `${called.response.status} ${JSON.stringify(called.error ?? called.data)}`,
    );
  }
  return called;
}

const password = (username: string) => `${username}-password-123`;

async function signUp(api: ContestClient, username: string) {
  const registered = expectStatus(
    await api.POST('/auth/register', {
      body: { username, email: `${username}@example.com`, password: password(username) },
    }),
    201,
  );
  const login = expectStatus(
    await api.POST('/auth/login', { body: { username, password: password(username) } }),
    200,
  );
  return { userId: registered.data!.userId, token: login.data!.token };
}

/**
 * A user's day, through the typed client: every user-facing operation once as it is meant to
 * be used, and once refused. `prefix` keeps usernames apart between runs on one database.
 */
export async function userFlow(context: FlowContext, prefix: string) {
  const anonymous = context.client();
  const [owner, author, voter] = await Promise.all(
    ['owner', 'author', 'voter'].map((name) => signUp(anonymous, `${prefix}_${name}`)),
  );
  expectStatus(
    await anonymous.POST('/auth/register', {
      body: { username: `${prefix}_owner`, email: 'other@example.com', password: 'long-enough-1' },
    }),
    409,
    'USERNAME_TAKEN',
  );
  expectStatus(
    await anonymous.POST('/auth/login', {
      body: { username: `${prefix}_owner`, password: 'wrong-password' },
    }),
    401,
    'INVALID_CREDENTIALS',
  );
  const asOwner = context.client(owner.token);
  const asAuthor = context.client(author.token);
  const asVoter = context.client(voter.token);

  const me = expectStatus(await asOwner.GET('/me'), 200);
  if (me.data!.userId !== owner.userId) throw new Error('GET /me named someone else');
  expectStatus(await anonymous.GET('/me'), 401, 'UNAUTHENTICATED');

  // A contest, open for entries and votes now
  const schedule = { submissionsCloseAt: inSeconds(600), votingClosesAt: inSeconds(1200) };
  const contest = expectStatus(
    await asOwner.POST('/contests', {
      body: { title: 'Air guitar', category: 'music', ...schedule },
    }),
    201,
  ).data!;
  expectStatus(
    await asOwner.POST('/contests', {
      body: {
        title: 'Backwards',
        category: 'music',
        submissionsCloseAt: inSeconds(600),
        votingClosesAt: inSeconds(300),
      },
    }),
    422,
    'INVALID_SCHEDULE',
  );
  const contestPath = { params: { path: { contestId: contest.contestId } } };
  const listed = expectStatus(
    await anonymous.GET('/contests', {
      params: { query: { category: 'music', minPosition: contest.position } },
    }),
    200,
  );
  if (!listed.data!.items.some((c) => c.contestId === contest.contestId))
    throw new Error('the new contest is not listed');
  expectStatus(
    await anonymous.GET('/contests', { params: { query: { cursor: 'forged-cursor' } } }),
    400,
    'INVALID_CURSOR',
  );
  expectStatus(
    await anonymous.GET('/contests/{contestId}', {
      params: { path: { contestId: contest.contestId }, query: { minPosition: contest.position } },
    }),
    200,
  );
  expectStatus(
    await anonymous.GET('/contests/{contestId}', {
      params: { path: { contestId: '01890000-0000-7000-8000-000000000000' } },
    }),
    404,
    'NOT_FOUND',
  );

  // Entries
  const entry = expectStatus(
    await asAuthor.POST('/contests/{contestId}/entries', {
      ...contestPath,
      body: { title: 'Windmill solo', videoUrl: 'https://videos.example/windmill.mp4' },
    }),
    201,
  ).data!;
  expectStatus(
    await asAuthor.POST('/contests/{contestId}/entries', {
      ...contestPath,
      body: { title: 'Again', videoUrl: 'https://videos.example/again.mp4' },
    }),
    409,
    'ALREADY_SUBMITTED',
  );
  const entryPath = { params: { path: { entryId: entry.entryId } } };
  expectStatus(
    await anonymous.GET('/entries/{entryId}', {
      params: { path: { entryId: entry.entryId }, query: { minPosition: entry.position } },
    }),
    200,
  );
  expectStatus(
    await anonymous.GET('/entries/{entryId}', {
      params: { path: { entryId: '01890000-0000-7000-8000-000000000001' } },
    }),
    404,
    'NOT_FOUND',
  );

  // Votes, and the standings that follow them
  const vote = expectStatus(
    await asVoter.POST('/entries/{entryId}/vote', { ...entryPath, body: { value: 1 } }),
    200,
  ).data!;
  expectStatus(
    await asVoter.POST('/entries/{entryId}/vote', { ...entryPath, body: { value: 1 } }),
    409,
    'ALREADY_VOTED',
  );
  const selfVote = expectStatus(
    await asAuthor.POST('/entries/{entryId}/vote', { ...entryPath, body: { value: 1 } }),
    403,
    'SELF_VOTE_FORBIDDEN',
  );
  // Read once the view has applied the last command logged (a page names the view's position,
  // so the ETag below holds only while nothing new is applied).
  const lastLogged = selfVote.error!.position!;
  if (lastLogged <= vote.position) throw new Error('the refusal was logged before the vote');
  const standings = expectStatus(
    await anonymous.GET('/contests/{contestId}/standings', {
      params: { path: { contestId: contest.contestId }, query: { minPosition: lastLogged } },
    }),
    200,
  );
  if (standings.data!.items[0]?.upvotes !== 1) throw new Error('the standings miss the vote');
  expectStatus(
    await anonymous.GET('/contests/{contestId}/standings', {
      params: { path: { contestId: contest.contestId }, query: { minPosition: lastLogged } },
      headers: { 'if-none-match': standings.response.headers.get('etag')! },
    }),
    304,
  );
  expectStatus(
    await anonymous.GET('/contests/{contestId}/standings', {
      params: { path: { contestId: '01890000-0000-7000-8000-000000000002' } },
    }),
    404,
    'NOT_FOUND',
  );
  expectStatus(await asVoter.DELETE('/entries/{entryId}/vote', entryPath), 200);
  expectStatus(
    await asVoter.DELETE('/entries/{entryId}/vote', entryPath),
    409,
    'NO_VOTE_TO_RETRACT',
  );

  // Comments
  const comment = expectStatus(
    await asVoter.POST('/entries/{entryId}/comments', {
      ...entryPath,
      body: { body: 'Shredding!' },
    }),
    201,
  ).data!;
  if (context.sendsInvalidRequests) {
    expectStatus(
      await asVoter.POST('/entries/{entryId}/comments', { ...entryPath, body: { body: '' } }),
      400,
      'VALIDATION_FAILED',
    );
  }
  expectStatus(
    await anonymous.GET('/entries/{entryId}/comments', {
      params: { path: { entryId: entry.entryId }, query: { minPosition: comment.position } },
    }),
    200,
  );
  expectStatus(
    await anonymous.GET('/entries/{entryId}/comments', {
      params: { path: { entryId: entry.entryId }, query: { cursor: 'forged-cursor' } },
    }),
    400,
    'INVALID_CURSOR',
  );
  const commentPath = { params: { path: { commentId: comment.commentId } } };
  expectStatus(
    await asAuthor.DELETE('/comments/{commentId}', commentPath),
    403,
    'NOT_COMMENT_AUTHOR',
  );
  expectStatus(await asVoter.DELETE('/comments/{commentId}', commentPath), 200);

  // Views, signed out
  expectStatus(
    await anonymous.POST('/entries/{entryId}/views', {
      ...entryPath,
      body: { watchedSeconds: 42.5, viewerId: `${prefix}-viewer` },
    }),
    202,
  );
  expectStatus(
    await anonymous.POST('/entries/{entryId}/views', {
      params: { path: { entryId: '01890000-0000-7000-8000-000000000003' } },
      body: { watchedSeconds: 1, viewerId: `${prefix}-viewer` },
    }),
    404,
    'ENTRY_NOT_FOUND',
  );

  // A user's page
  expectStatus(
    await anonymous.GET('/users/{userId}', {
      params: { path: { userId: owner.userId }, query: { minPosition: contest.position } },
    }),
    200,
  );
  expectStatus(
    await anonymous.GET('/users/{userId}', {
      params: { path: { userId: '01890000-0000-7000-8000-000000000004' } },
    }),
    404,
    'NOT_FOUND',
  );

  // Withdrawing an entry is for its author
  const second = expectStatus(
    await asVoter.POST('/contests/{contestId}/entries', {
      ...contestPath,
      body: { title: 'Air drums', videoUrl: 'https://videos.example/drums.mp4' },
    }),
    201,
  ).data!;
  const secondPath = { params: { path: { entryId: second.entryId } } };
  expectStatus(await asAuthor.DELETE('/entries/{entryId}', secondPath), 403, 'NOT_ENTRY_AUTHOR');
  expectStatus(await asVoter.DELETE('/entries/{entryId}', secondPath), 200);

  // Closing is for the owner
  expectStatus(
    await asVoter.POST('/contests/{contestId}/close', contestPath),
    403,
    'NOT_CONTEST_OWNER',
  );
  expectStatus(await asOwner.POST('/contests/{contestId}/close', contestPath), 200);

  // Live standings: a closed contest's stream sends its final page and ends
  const stream = expectStatus(
    await anonymous.GET('/contests/{contestId}/standings/stream', {
      ...contestPath,
      parseAs: 'text',
    }),
    200,
  );
  if (!/^event: final$/m.test(stream.data as string))
    throw new Error(`the closed contest's stream did not end with its final page: ${stream.data}`);
  expectStatus(
    await anonymous.GET('/contests/{contestId}/standings/stream', {
      params: { path: { contestId: '01890000-0000-7000-8000-000000000008' } },
      parseAs: 'text',
    }),
    404,
    'NOT_FOUND',
  );

  // Signing out ends the session
  expectStatus(await asAuthor.POST('/auth/logout'), 204);
  expectStatus(await asAuthor.POST('/auth/logout'), 401, 'UNAUTHENTICATED');
  return { owner, voter, contestId: contest.contestId };
}

/** An admin's and an analyst's day: rules, replays, the audit, and operations. */
export async function adminFlow(context: FlowContext, prefix: string) {
  const anonymous = context.client();
  const login = expectStatus(
    await anonymous.POST('/auth/login', { body: context.admin }),
    200,
  ).data!;
  const asAdmin = context.client(login.token);
  const analyst = await signUp(anonymous, `${prefix}_analyst`);
  const asAnalyst = context.client(analyst.token);
  const owner = await signUp(anonymous, `${prefix}_rules_owner`);
  const asUser = context.client(owner.token);

  // Roles
  expectStatus(
    await asAdmin.POST('/admin/users/{userId}/roles', {
      params: { path: { userId: analyst.userId } },
      body: { role: 'analyst' },
    }),
    200,
  );
  expectStatus(
    await asAdmin.POST('/admin/users/{userId}/roles', {
      params: { path: { userId: '01890000-0000-7000-8000-000000000005' } },
      body: { role: 'analyst' },
    }),
    404,
    'USER_NOT_FOUND',
  );
  expectStatus(
    await asUser.POST('/admin/users/{userId}/roles', {
      params: { path: { userId: owner.userId } },
      body: { role: 'admin' },
    }),
    403,
    'FORBIDDEN',
  );

  // Rulesets
  const ruleset = expectStatus(
    await asAdmin.POST('/admin/rulesets', {
      body: {
        name: `${prefix} one vote`,
        definition: { acceptance: { maxVotesPerUserPerContest: 1 } },
      },
    }),
    201,
  ).data!;
  expectStatus(
    await asAdmin.POST('/admin/rulesets', {
      // A definition of the right shape that the ranking engine refuses: an unknown policy
      body: { name: 'broken', definition: { acceptance: { maxVotesPerUser: 1 } } as never },
    }),
    400,
    'INVALID_RULESET',
  );
  expectStatus(await asAdmin.GET('/admin/rulesets'), 200);
  expectStatus(await asUser.GET('/admin/rulesets'), 403, 'FORBIDDEN');
  expectStatus(
    await asAdmin.GET('/admin/rulesets/{rulesetId}', {
      params: { path: { rulesetId: ruleset.rulesetId } },
    }),
    200,
  );
  expectStatus(
    await asAdmin.GET('/admin/rulesets/{rulesetId}', {
      params: { path: { rulesetId: 'no-such-ruleset' } },
    }),
    404,
  );

  // A contest re-ruled, and replayed under other rules
  const contest = expectStatus(
    await asUser.POST('/contests', {
      body: {
        title: 'Bike stunts',
        category: 'sport',
        submissionsCloseAt: inSeconds(600),
        votingClosesAt: inSeconds(1200),
      },
    }),
    201,
  ).data!;
  const contestPath = { params: { path: { contestId: contest.contestId } } };
  expectStatus(
    await asAdmin.POST('/contests/{contestId}/ruleset', {
      ...contestPath,
      body: { rulesetId: ruleset.rulesetId },
    }),
    200,
  );
  expectStatus(
    await asAdmin.POST('/contests/{contestId}/ruleset', {
      ...contestPath,
      body: { rulesetId: 'no-such-ruleset' },
    }),
    422,
    'RULESET_NOT_FOUND',
  );
  const replay = expectStatus(
    await asAdmin.POST('/admin/replays', {
      body: { contestId: contest.contestId, rulesetId: 'standard-v1' },
    }),
    202,
  ).data!;
  expectStatus(
    await asAdmin.POST('/admin/replays', {
      body: { contestId: '01890000-0000-7000-8000-000000000006', rulesetId: 'standard-v1' },
    }),
    404,
    'CONTEST_NOT_FOUND',
  );
  for (const deadline = Date.now() + 60_000; ;) {
    const polled = expectStatus(
      await asAdmin.GET('/admin/replays/{replayId}', {
        params: { path: { replayId: replay.replayId } },
      }),
      200,
    ).data!;
    if (polled.status === 'done') break;
    if (polled.status === 'failed' || Date.now() > deadline)
      throw new Error(`the replay did not finish: ${JSON.stringify(polled)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expectStatus(
    await asAdmin.GET('/admin/replays/{replayId}', {
      params: { path: { replayId: '01890000-0000-7000-8000-000000000007' } },
    }),
    404,
    'REPLAY_NOT_FOUND',
  );
  const history = expectStatus(
    await asAdmin.GET('/admin/replays', {
      params: { query: { contestId: contest.contestId, limit: 1 } },
    }),
    200,
  ).data!;
  if (history.items[0]?.replayId !== replay.replayId)
    throw new Error(`the replay is not first in its history: ${JSON.stringify(history)}`);
  expectStatus(
    await asAdmin.GET('/admin/replays', { params: { query: { cursor: 'forged-cursor' } } }),
    400,
    'INVALID_CURSOR',
  );

  // The audit, for analysts
  expectStatus(
    await asAnalyst.GET('/audit/commands', { params: { query: { status: 'rejected' } } }),
    200,
  );
  expectStatus(
    await asAnalyst.GET('/audit/commands', {
      params: { query: { format: 'csv' } },
      parseAs: 'text',
    }),
    200,
  );
  expectStatus(
    await asAnalyst.GET('/audit/commands', {
      params: { query: { format: 'ndjson' } },
      parseAs: 'text',
    }),
    200,
  );
  expectStatus(
    await asAnalyst.GET('/audit/commands', { params: { query: { cursor: 'forged-cursor' } } }),
    400,
    'INVALID_CURSOR',
  );
  expectStatus(await asUser.GET('/audit/commands'), 403, 'FORBIDDEN');
  expectStatus(await asAnalyst.GET('/audit/failed-logins'), 200);
  expectStatus(await anonymous.GET('/audit/failed-logins'), 401, 'UNAUTHENTICATED');
  expectStatus(
    await asAnalyst.GET('/audit/rejections/summary', { params: { query: { bucket: 'hour' } } }),
    200,
  );
  expectStatus(await asUser.GET('/audit/rejections/summary'), 403, 'FORBIDDEN');

  // Operations
  expectStatus(await asAdmin.GET('/metrics', { parseAs: 'text' }), 200);
  expectStatus(await anonymous.GET('/metrics', { parseAs: 'text' }), 401, 'UNAUTHENTICATED');
  expectStatus(await anonymous.GET('/health/live'), 200);
  // A URL over 4,096 characters is refused before any route runs, liveness's included
  expectStatus(
    await anonymous.GET('/health/live', { params: { query: { pad: 'x'.repeat(4_100) } as never } }),
    414,
    'URI_TOO_LONG',
  );
  expectStatus(await anonymous.GET('/health/ready'), 200);
  await context.haltProjection(true);
  try {
    expectStatus(await anonymous.GET('/health/ready'), 503);
  } finally {
    await context.haltProjection(false);
  }
  expectStatus(await asAdmin.GET('/admin/projections'), 200);
  expectStatus(await asAnalyst.GET('/admin/projections'), 403, 'FORBIDDEN');
  expectStatus(await asAdmin.GET('/admin/queue-depths'), 200);
  expectStatus(await asAnalyst.GET('/admin/queue-depths'), 403, 'FORBIDDEN');
  expectStatus(
    await asAdmin.POST('/admin/projections/{name}/rebuild', {
      params: { path: { name: 'no-such-projection' } },
    }),
    404,
    'PROJECTION_NOT_FOUND',
  );
  expectStatus(
    await asAdmin.POST('/admin/projections/{name}/rebuild', {
      params: { path: { name: 'contest-list' } },
    }),
    202,
  );

  // Dead letters
  const retried = await context.parkDeadLetter();
  const skipped = await context.parkDeadLetter();
  expectStatus(
    await asAdmin.GET('/admin/dead-letters', { params: { query: { status: 'parked' } } }),
    200,
  );
  expectStatus(await asAdmin.GET('/admin/dead-letters'), 200);
  expectStatus(await anonymous.GET('/admin/dead-letters'), 401, 'UNAUTHENTICATED');
  expectStatus(
    await asAdmin.POST('/admin/dead-letters/{id}/retry', { params: { path: { id: retried } } }),
    200,
  );
  expectStatus(
    await asAdmin.POST('/admin/dead-letters/{id}/retry', { params: { path: { id: retried } } }),
    409,
    'DEAD_LETTER_RESOLVED',
  );
  expectStatus(
    await asAdmin.POST('/admin/dead-letters/{id}/skip', { params: { path: { id: skipped } } }),
    200,
  );
  expectStatus(
    await asAdmin.POST('/admin/dead-letters/{id}/skip', { params: { path: { id: 987654321 } } }),
    404,
    'DEAD_LETTER_NOT_FOUND',
  );
}
