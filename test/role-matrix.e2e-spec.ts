import { http, inSeconds, SignedInUser, signUp } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

const ADMIN_PASSWORD = 'matrix-admin-password';
type Role = 'anonymous' | 'user' | 'moderator' | 'analyst' | 'admin';
const ROLES: Role[] = ['anonymous', 'user', 'moderator', 'analyst', 'admin'];

/**
 * Every route of docs/API.md against every role. Allowed cells get their route's success status
 * (or, for reads of a specific thing, 200); refused cells get 401 or 403, and a refused
 * command is in the log with its code.
 */
describe('role matrix over every route', () => {
  let t: TestApp;
  const tokens: Partial<Record<Role, string>> = {};
  let owner: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_USERNAME: 'matrix_admin', ADMIN_PASSWORD });
    const admin = await http(t.baseUrl, 'POST', '/auth/login', {
      body: { username: 'matrix_admin', password: ADMIN_PASSWORD },
    });
    tokens.admin = admin.body.token;
    owner = await signUp(t.baseUrl, 'matrix_owner');
    for (const role of ['user', 'moderator', 'analyst'] as const) {
      const user = await signUp(t.baseUrl, `matrix_${role}`);
      if (role !== 'user') {
        await http(t.baseUrl, 'POST', `/admin/users/${user.userId}/roles`, {
          token: tokens.admin,
          body: { role },
        });
      }
      tokens[role] = user.token;
    }
  });
  afterAll(() => t?.close());

  /** A fresh contest with one entry (by the owner) and one comment (by the owner). */
  const fixture = async () => {
    const contest = await http(t.baseUrl, 'POST', '/contests', {
      token: owner.token,
      body: {
        title: 'Matrix',
        category: 'matrix',
        submissionsCloseAt: inSeconds(600),
        votingClosesAt: inSeconds(1200),
      },
    });
    const contestId = contest.body.contestId;
    const entry = await http(t.baseUrl, 'POST', `/contests/${contestId}/entries`, {
      token: owner.token,
      body: { title: 'E', videoUrl: 'https://videos.example/e.mp4' },
    });
    const comment = await http(t.baseUrl, 'POST', `/entries/${entry.body.entryId}/comments`, {
      token: owner.token,
      body: { body: 'hi' },
    });
    return {
      contestId,
      entryId: entry.body.entryId,
      commentId: comment.body.commentId,
      at: comment.body.position as number,
    };
  };

  type Cell = number | ((role: Role) => number);
  const signedIn =
    (ok: number): Cell =>
    (role) =>
      role === 'anonymous' ? 401 : ok;
  const only =
    (ok: number, ...allowed: Role[]): Cell =>
    (role) =>
      role === 'anonymous' ? 401 : allowed.includes(role) ? ok : 403;

  const routes: {
    name: string;
    method: string;
    cell: Cell;
    path: (f: Awaited<ReturnType<typeof fixture>>) => string;
    body?: unknown;
  }[] = [
    { name: 'list contests', method: 'GET', cell: 200, path: () => '/contests' },
    {
      name: 'contest detail',
      method: 'GET',
      cell: 200,
      path: (f) => `/contests/${f.contestId}?minPosition=${f.at}&waitMs=5000`,
    },
    {
      name: 'standings',
      method: 'GET',
      cell: 200,
      path: (f) => `/contests/${f.contestId}/standings?minPosition=${f.at}&waitMs=5000`,
    },
    {
      name: 'entry detail',
      method: 'GET',
      cell: 200,
      path: (f) => `/entries/${f.entryId}?minPosition=${f.at}&waitMs=5000`,
    },
    {
      name: 'entry comments',
      method: 'GET',
      cell: 200,
      path: (f) => `/entries/${f.entryId}/comments?minPosition=${f.at}&waitMs=5000`,
    },
    { name: 'health', method: 'GET', cell: 200, path: () => '/health/ready' },
    { name: 'me', method: 'GET', cell: signedIn(200), path: () => '/me' },
    {
      name: 'audit commands',
      method: 'GET',
      cell: only(200, 'analyst', 'admin'),
      path: () => '/audit/commands',
    },
    {
      name: 'audit summary',
      method: 'GET',
      cell: only(200, 'analyst', 'admin'),
      path: () => '/audit/rejections/summary',
    },
    {
      name: 'failed logins',
      method: 'GET',
      cell: only(200, 'analyst', 'admin'),
      path: () => '/audit/failed-logins',
    },
    { name: 'rulesets', method: 'GET', cell: only(200, 'admin'), path: () => '/admin/rulesets' },
    {
      name: 'projections',
      method: 'GET',
      cell: only(200, 'admin'),
      path: () => '/admin/projections',
    },
    {
      name: 'dead letters',
      method: 'GET',
      cell: only(200, 'admin'),
      path: () => '/admin/dead-letters',
    },
    { name: 'metrics', method: 'GET', cell: only(200, 'admin'), path: () => '/metrics' },
    {
      name: 'create contest',
      method: 'POST',
      cell: signedIn(201),
      path: () => '/contests',
      body: {
        title: 'T',
        category: 'c',
        submissionsCloseAt: inSeconds(600),
        votingClosesAt: inSeconds(1200),
      },
    },
    {
      name: 'close contest',
      method: 'POST',
      cell: only(200, 'admin'),
      path: (f) => `/contests/${f.contestId}/close`,
    },
    {
      name: 'submit entry',
      method: 'POST',
      cell: signedIn(201),
      path: (f) => `/contests/${f.contestId}/entries`,
      body: { title: 'E2', videoUrl: 'https://videos.example/2.mp4' },
    },
    {
      name: 'withdraw entry',
      method: 'DELETE',
      cell: signedIn(403),
      path: (f) => `/entries/${f.entryId}`,
    },
    {
      name: 'vote',
      method: 'POST',
      cell: signedIn(200),
      path: (f) => `/entries/${f.entryId}/vote`,
      body: { value: 1 },
    },
    {
      name: 'retract vote',
      method: 'DELETE',
      cell: signedIn(409),
      path: (f) => `/entries/${f.entryId}/vote`,
    },
    {
      name: 'comment',
      method: 'POST',
      cell: signedIn(201),
      path: (f) => `/entries/${f.entryId}/comments`,
      body: { body: 'x' },
    },
    {
      name: 'delete comment',
      method: 'DELETE',
      cell: only(200, 'moderator', 'admin'),
      path: (f) => `/comments/${f.commentId}`,
    },
    {
      name: 'view',
      method: 'POST',
      cell: 202,
      path: (f) => `/entries/${f.entryId}/views`,
      body: { watchedSeconds: 5, viewerId: 'matrix' },
    },
    { name: 'logout', method: 'POST', cell: signedIn(204), path: () => '/auth/logout' },
    {
      name: 'grant role',
      method: 'POST',
      cell: only(200, 'admin'),
      path: () => `/admin/users/${owner.userId}/roles`,
      body: { role: 'moderator' },
    },
    {
      name: 'create ruleset',
      method: 'POST',
      cell: only(201, 'admin'),
      path: () => '/admin/rulesets',
      body: { name: 'm', definition: {} },
    },
    {
      name: 'change ruleset',
      method: 'POST',
      cell: only(200, 'admin'),
      path: (f) => `/contests/${f.contestId}/ruleset`,
      body: { rulesetId: 'standard-v1' },
    },
    {
      name: 'request replay',
      method: 'POST',
      cell: only(202, 'admin'),
      path: () => `/admin/replays`,
      body: 'replay',
    },
  ];

  it.each(routes.map((r) => [r.name, r] as const))('%s', async (_name, route) => {
    for (const role of ROLES) {
      const f = await fixture();
      const expected = typeof route.cell === 'number' ? route.cell : route.cell(role);
      const token = role === 'anonymous' ? undefined : tokens[role];
      const body = route.body === 'replay' ? { contestId: f.contestId } : route.body;
      const reply = await http(t.baseUrl, route.method, route.path(f), { token, body });
      expect({ route: route.name, role, status: reply.status }).toEqual({
        route: route.name,
        role,
        status: expected,
      });
      if (
        route.method !== 'GET' &&
        (expected === 401 || expected === 403) &&
        reply.body?.commandId
      ) {
        const [row] = await t.dataSource.query(
          `SELECT status, rejection_code FROM command_log WHERE command_id = $1`,
          [reply.body.commandId],
        );
        expect(row.status).toBe('rejected');
      }
      if (route.name === 'logout' && token) {
        // Log back in for the next routes.
        const username = role === 'admin' ? 'matrix_admin' : `matrix_${role}`;
        const password = role === 'admin' ? ADMIN_PASSWORD : `matrix_${role}-password-123`;
        tokens[role as Exclude<Role, 'anonymous'>] = (
          await http(t.baseUrl, 'POST', '/auth/login', { body: { username, password } })
        ).body.token;
      }
    }
  });
});
