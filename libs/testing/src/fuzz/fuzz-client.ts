import http, { IncomingHttpHeaders } from 'node:http';

/** One request exactly as written: raw path (bad percent-encoding, %00, 20 KB URLs), raw body. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string;
}

export interface RawReply {
  /** 0 when the connection ended without a reply. */
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly error?: string;
}

/**
 * node:http, not fetch: fetch would normalise the URL (re-encode `%zz`, refuse long ones) and
 * so never send what a hostile client sends.
 */
export class RawClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, sockets: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(request: RawRequest, timeoutMs = 15_000): Promise<RawReply> {
    return new Promise((resolve) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(request.headers))
        headers[name] = typeof value === 'string' ? value : [...value];
      if (request.body !== undefined)
        headers['content-length'] = String(Buffer.byteLength(request.body));
      const outgoing = http.request(
        {
          host: this.host,
          port: this.port,
          method: request.method,
          path: request.path,
          headers,
          agent: this.agent,
          timeout: timeoutMs,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          incoming.on('error', (error) =>
            resolve({ status: 0, headers: {}, text: '', error: error.message }),
          );
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
      outgoing.on('error', (error) =>
        resolve({ status: 0, headers: {}, text: '', error: error.message }),
      );
      outgoing.end(request.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
