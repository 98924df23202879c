import autocannon from 'autocannon';
import type { LoadRequest, LoadResult } from './load';

/**
 * The closed-loop arms' generator: autocannon, `clients` keep-alive connections each sending its
 * next request when the previous reply arrives. It costs the shared cores far less per request
 * than node:http's client, so a cheap server is not held back by its own load generator and the
 * ratios to the bare framework are not flattered (the issue's figures were measured with it).
 * `next(client, iteration)` gives each connection its own requests, as runLoad's does.
 */
export type CannonResult = Omit<LoadResult, 'p95Ms'> & { readonly p97_5Ms: number };

export async function runCannon(
  baseUrl: string,
  clients: number,
  seconds: number,
  next: (client: number, iteration: number) => LoadRequest,
): Promise<CannonResult> {
  let connections = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: clients,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (request, context) => {
          const state = context as { client?: number; iteration?: number };
          state.client ??= connections++ % clients;
          state.iteration = (state.iteration ?? -1) + 1;
          const wanted = next(state.client, state.iteration);
          const headers: Record<string, string> = { ...wanted.headers };
          if (wanted.body !== undefined) headers['content-type'] = 'application/json';
          return {
            ...request,
            method: wanted.method as autocannon.Request['method'],
            path: wanted.path,
            headers,
            body: wanted.body,
          };
        },
      },
    ],
  });
  const statuses: Record<number, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {}))
    statuses[Number(status)] = count ?? 0;
  const requests = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  const elapsed = result.duration;
  return {
    requests,
    errors: result.errors + result.timeouts,
    statuses,
    seconds: Math.round(elapsed * 100) / 100,
    perSecond: Math.round(requests / elapsed),
    p50Ms: result.latency.p50,
    p97_5Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
  };
}
