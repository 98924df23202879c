import createClient, { Client, Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './contract';

export type { components, operations, paths };

/** The body of every error reply: a problem with a stable `code` (docs/API.md). */
export type Problem = components['schemas']['Problem'];

/** A typed client of the platform's REST contract (openapi.json). */
export type ContestClient = Client<paths>;

export interface ContestClientOptions {
  /** The session token from `POST /auth/login`, sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Another fetch (a test's, a server's); the global one by default. */
  readonly fetch?: typeof globalThis.fetch;
  /** Hooks around each request and reply (logging, checks). */
  readonly middleware?: readonly Middleware[];
}

/**
 * A thin typed client: paths, parameters, bodies and replies (error replies included) are typed
 * from the contract; nothing is hidden. `data` holds a success body, `error` a problem.
 *
 *   const api = createContestClient('http://localhost:3000', { token });
 *   const { data, error } = await api.POST('/entries/{entryId}/vote', {
 *     params: { path: { entryId } },
 *     body: { value: 1 },
 *   });
 */
export function createContestClient(
  baseUrl: string,
  options: ContestClientOptions = {},
): ContestClient {
  const client = createClient<paths>({ baseUrl, fetch: options.fetch });
  const { token } = options;
  if (token) {
    client.use({
      onRequest: ({ request }) => {
        request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  for (const middleware of options.middleware ?? []) client.use(middleware);
  return client;
}
