import autocannon from 'autocannon';
import type { LoadRequest, LoadResult } from './load';

/**
 * The closed-loop arms' generator: autocannon, `clients` keep-alive connections each sending its
 * next request when the previous reply arrives. Each connection cycles through its own list of
 * requests, `cycleOf(client)`, serialized once: building requests per send (autocannon's
 * setupRequest) cost the shared cores more than the servers under test did.
 */
export type CannonResult = Omit<LoadResult, 'p95Ms'> & { readonly p97_5Ms: number };

export async function runCannon(
  baseUrl: string,
  clients: number,
  seconds: number,
  cycleOf: (client: number) => readonly LoadRequest[],
): Promise<CannonResult> {
  let connections = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: clients,
    duration: seconds,
    timeout: 30,
    setupClient: (client) => client.setRequests(cycleOf(connections++ % clients).map(requestOf)),
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

function requestOf(wanted: LoadRequest): autocannon.Request {
  const headers: Record<string, string> = { ...wanted.headers };
  if (wanted.body !== undefined) headers['content-type'] = 'application/json';
  return {
    method: wanted.method as autocannon.Request['method'],
    path: wanted.path,
    headers,
    body: wanted.body,
  };
}
