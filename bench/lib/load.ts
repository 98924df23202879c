import { Agent, request } from 'node:http';

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly statuses: Record<number, number>;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

export interface LoadRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

/**
 * A closed-loop load generator: `clients` loops on keep-alive connections, each sending its
 * next request when the previous reply arrives, for `seconds`. Both arms of a benchmark use it
 * with the same settings, so the ratio between them is fair on a shared machine.
 * With `ratePerSecond`, requests are paced (open loop) instead, to read latency at a given load.
 */
export async function runLoad(
  baseUrl: string,
  clients: number,
  seconds: number,
  next: (client: number, iteration: number) => LoadRequest,
  ratePerSecond?: number,
): Promise<LoadResult> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const started = process.hrtime.bigint();
  const endAt = Date.now() + seconds * 1000;
  const interval = ratePerSecond ? (clients * 1000) / ratePerSecond : 0;

  const send = (req: LoadRequest) =>
    new Promise<number>((resolve) => {
      const t0 = process.hrtime.bigint();
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(req.body);
      }
      const r = request(
        { host: url.hostname, port: url.port, method: req.method, path: req.path, agent, headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            resolve(res.statusCode ?? 0);
          });
        },
      );
      r.on('error', () => resolve(0));
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });

  const loop = async (client: number) => {
    let nextAt = Date.now() + Math.random() * interval;
    for (let i = 0; Date.now() < endAt; i += 1) {
      if (interval) {
        const wait = nextAt - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        nextAt += interval;
      }
      const status = await send(next(client, i));
      if (status === 0) errors += 1;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => loop(c)));
  agent.destroy();
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(
      (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100,
    ) / 100;
  return {
    requests: latencies.length,
    errors,
    statuses,
    seconds: Math.round(elapsed * 100) / 100,
    perSecond: Math.round(latencies.length / elapsed),
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
  };
}
