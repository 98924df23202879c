import { createContestClient } from './index';

/** What the contract says a vote can be refused with: its own codes, then the edge's. */
type VoteRefusal =
  | 'ENTRY_NOT_FOUND'
  | 'ENTRY_WITHDRAWN'
  | 'VOTING_NOT_OPEN'
  | 'VOTING_CLOSED'
  | 'CONTEST_FINALIZED'
  | 'SELF_VOTE_FORBIDDEN'
  | 'DOWNVOTES_DISABLED'
  | 'ALREADY_VOTED'
  | 'VOTE_LIMIT_REACHED'
  | 'ACCOUNT_TOO_NEW'
  | 'UNAUTHENTICATED'
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVALID_IDEMPOTENCY_KEY'
  | 'URI_TOO_LONG'
  | 'HEADERS_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'COMMAND_NOT_STORABLE'
  | 'DATABASE_UNAVAILABLE'
  | 'SESSION_STORE_UNAVAILABLE'
  | 'SHUTTING_DOWN'
  | 'INTERNAL_ERROR';

/**
 * What the generated types promise a web app, checked by the compiler (npm run typecheck runs
 * over specs): bodies, paths and error codes come from the contract. The requests go to a
 * fetch of the spec's own, so nothing leaves the process.
 */
describe('the typed client', () => {
  const replies: Response[] = [];
  const fetch = async (request: Request) => {
    replies.push(new Response(null));
    const problem = {
      type: 'https://contest.example/problems/voting-closed',
      title: 'Unprocessable Entity',
      status: 422,
      code: 'VOTING_CLOSED',
      detail: 'Voting on this contest closed.',
    };
    expect(request.headers.get('authorization')).toBe(
      'Bearer session-token-of-the-test-0000000000',
    );
    return new Response(JSON.stringify(problem), {
      status: 422,
      headers: { 'content-type': 'application/problem+json' },
    });
  };
  const api = createContestClient('http://contest.test', {
    token: 'session-token-of-the-test-0000000000',
    fetch: fetch as typeof globalThis.fetch,
  });

  it('given a refused vote, then its error is a problem whose code is one the contract lists for that status', async () => {
    const { data, error, response } = await api.POST('/entries/{entryId}/vote', {
      params: { path: { entryId: '01890000-0000-7000-8000-000000000000' } },
      body: { value: 1 },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(422);
    // The compiler knows the codes: a plain string would not be assignable to VoteRefusal.
    const code: VoteRefusal = error!.code;
    expect(code).toBe('VOTING_CLOSED');
    expect(replies).toHaveLength(1);
  });

  it('given a body the contract does not allow, then it does not compile (npm run typecheck)', () => {
    const send = () =>
      api.POST('/entries/{entryId}/vote', {
        params: { path: { entryId: '01890000-0000-7000-8000-000000000000' } },
        // @ts-expect-error a vote is 1 or -1
        body: { value: 2 },
      });
    const unknownPath = () =>
      // @ts-expect-error no such operation in the contract
      api.GET('/contests/{contestId}/leaderboard', { params: { path: { contestId: 'x' } } });
    expect([send, unknownPath]).toHaveLength(2);
  });
});
