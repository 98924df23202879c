import { INestApplication, Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { CommandRefusal } from '../http/refusal';

/**
 * Counts the requests in flight and, once shutdown has begun, refuses new ones: the refusal is
 * a CommandRefusal, so the error responder answers 503 problem+json SHUTTING_DOWN with
 * Retry-After and logs it as a refused command like every other refusal at the edge.
 */
export class ShutdownGate {
  private closingSince: number | null = null;
  private inFlightCount = 0;
  private idleWaiters: (() => void)[] = [];

  get closing(): boolean {
    return this.closingSince !== null;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  close(): void {
    this.closingSince ??= Date.now();
  }

  enter(): void {
    this.inFlightCount += 1;
  }

  leave(): void {
    this.inFlightCount -= 1;
    if (this.inFlightCount === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** Resolves when no request is in flight. */
  whenIdle(): Promise<void> {
    if (this.inFlightCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

const gates = new WeakMap<object, ShutdownGate>();

/**
 * The gate's onRequest hook. Install it early, after the hook that gives each request its
 * command context (the refusal is recorded with it) and before any hook that needs Redis or
 * the database to let a request in.
 */
export function installShutdownGate(fastify: FastifyInstance): ShutdownGate {
  const gate = new ShutdownGate();
  gates.set(fastify, gate);
  fastify.addHook('onRequest', (_request, reply, done) => {
    gate.enter();
    // 'close' comes once per response: sent, or its connection gone.
    reply.raw.once('close', () => gate.leave());
    if (!gate.closing) {
      done();
      return;
    }
    // The client should open its next connection elsewhere, not keep this one alive.
    reply.header('Connection', 'close');
    done(
      new CommandRefusal(
        'SHUTTING_DOWN',
        'This instance is shutting down and takes no new requests; retry in a moment.',
      ),
    );
  });
  return gate;
}

export function shutdownGateOf(app: INestApplication): ShutdownGate | undefined {
  return gates.get(app.getHttpAdapter().getInstance() as object);
}

export interface ShutdownOptions {
  readonly timeoutMs: number;
  /**
   * Ends the process; process.exit outside tests (pino's destination writes its buffered lines
   * synchronously on 'exit').
   */
  readonly exit?: (code: number) => void;
}

/**
 * SIGTERM and SIGINT drain the process and exit 0: new requests are refused (503
 * SHUTTING_DOWN) while the listener stays open and the requests in flight finish; then
 * app.close() stops the workers (each finishes or releases the job in hand), closes the HTTP
 * server, the database and Redis. If that takes longer than `timeoutMs`, or a second signal
 * comes (a second or more after the first), the process exits 1 after one JSON line saying
 * what was still running.
 */
/** Signals this close together are one: the same Ctrl-C, delivered twice. */
const SAME_SIGNAL_MS = 1000;

export function exitGracefullyOnSignals(app: INestApplication, options: ShutdownOptions): void {
  const logger = new Logger('shutdown');
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const gate = shutdownGateOf(app);
  let stage: 'running' | 'draining requests' | 'closing the app' = 'running';

  const forced = (reason: string) => {
    logger.error(
      `shutdown forced (${reason}) while ${stage}: ${gate?.inFlight ?? 0} requests in flight; exiting 1`,
    );
    exit(1);
  };

  const shutDown = async (signal: NodeJS.Signals) => {
    const startedAt = Date.now();
    const timer = setTimeout(() => forced(`${options.timeoutMs} ms passed`), options.timeoutMs);
    stage = 'draining requests';
    logger.log(
      `${signal}: shutting down within ${options.timeoutMs} ms; ${gate?.inFlight ?? 0} requests in flight`,
    );
    gate?.close();
    await gate?.whenIdle();
    stage = 'closing the app';
    await app.close();
    clearTimeout(timer);
    logger.log(`shut down in ${Date.now() - startedAt} ms`);
    exit(0);
  };

  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stage !== 'running') {
      // One Ctrl-C reaches this process both from the terminal and through `npm start`
      // (scripts/start.js passes it on): within a second it is the same keypress, not a
      // second one asking to force the exit.
      if (Date.now() - firstSignalAt < SAME_SIGNAL_MS) return;
      forced(`second ${signal}`);
      return;
    }
    firstSignalAt = Date.now();
    shutDown(signal).catch((error: unknown) =>
      forced(`close failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
