import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  INestApplication,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { logThrottled } from '../../platform/logging/throttled-log';
import { ShutdownGate, shutdownGateOf } from '../../platform/shutdown/graceful-shutdown';
import { PeriodicTask } from '../../platform/timers/periodic-task';
import { HEARTBEAT, sseEvent } from './server-sent-events';
import { ContestProgress, isDue, StandingsAudience, Watcher } from './standings-audience';
import { StandingsPage, StandingsPages } from './standings-pages';
import { StandingsProgressReader } from './standings-progress.reader';
import { readingOrder } from '../runtime/projection-freshness';
import { StandingsReader } from './standings.reader';

/** An open stream: what it watches and has seen, and its socket. Nothing else is kept. */
interface Subscriber extends Watcher {
  readonly response: ServerResponse;
}

/** A page as an SSE event, built once per page and written as it is to every subscriber. */
interface PageEvent {
  /** The contest's position the page was built at: the event's id. */
  readonly id: number;
  readonly final: boolean;
  readonly bytes: Buffer;
}

/** Where a stream starts: the contest's progress and its page at that progress. */
export interface StreamStart {
  readonly progress: ContestProgress;
  readonly event: PageEvent;
}

/** Page builds of one check run at once: enough to be quick, few enough to leave the pool free. */
const BUILDS_AT_ONCE = 4;

/**
 * A subscriber whose socket holds more than this unsent (it reads slower than pages change)
 * is cut off rather than buffered for: it reconnects with Last-Event-ID and misses nothing.
 */
const MAX_UNSENT_BYTES = 1 << 20;

/**
 * The live standings streams of this process (GET /contests/:contestId/standings/stream). One
 * check for all of them every STANDINGS_STREAM_CHECK_MS asks the view, in one statement, how
 * far it has taken each watched contest; each page (contest and limit) some subscriber is
 * behind on is built once and written to all of them. One timer writes every heartbeat. So
 * an idle subscriber costs a small object and its socket, and no timer, query or page of its
 * own.
 */
@Injectable()
export class StandingsBroadcast implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly audience = new StandingsAudience<Subscriber>();
  /** The pages streamed, by contest, limit and view version, each at the contest's position. */
  private readonly pages = new StandingsPages();
  private readonly events = new WeakMap<StandingsPage, PageEvent>();
  private readonly checks: PeriodicTask;
  private heartbeats: NodeJS.Timeout | undefined;
  private gate: ShutdownGate | undefined;
  /** The view's version at the last check: a rebuild swaps in another. */
  private viewVersion: number | null = null;

  constructor(
    private readonly progressReader: StandingsProgressReader,
    private readonly boards: StandingsReader,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.checks = new PeriodicTask(
      config.standingsStreamCheckMs,
      () => this.check(),
      // A check that failed is tried again at the next one; nobody misses a change meanwhile.
      (error) => void logThrottled('standings-stream', error),
    );
  }

  get subscribers(): number {
    return this.audience.size;
  }

  onApplicationBootstrap(): void {
    // The drain on SIGTERM waits for every request in flight, and a stream never finishes by
    // itself: the checks end them all once the gate closes (graceful-shutdown.ts).
    const app: Pick<INestApplication, 'getHttpAdapter'> = {
      getHttpAdapter: () => this.adapterHost.httpAdapter,
    };
    this.gate = shutdownGateOf(app as INestApplication);
    void this.checks.start();
    this.heartbeats = setInterval(() => this.beat(), this.config.sseHeartbeatMs);
    this.heartbeats.unref();
  }

  /** app.close() (tests, tools) skips the drain: the HTTP server would wait for the streams. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.checks.stop();
    clearInterval(this.heartbeats);
    this.endAll();
  }

  /** The contest's page now, or null when the view has no such contest (a 404, before a stream). */
  async start(contestId: string, limit: number): Promise<StreamStart | null> {
    const view = await this.progressReader.progress([contestId]);
    const progress = view.contests.get(contestId);
    if (!progress) return null;
    const event = await this.eventAt(contestId, limit, progress, view.position, view.version);
    return event && { progress, event };
  }

  /**
   * Takes the reply over and keeps it open: the first page at once unless the client resumes
   * and the contest has not changed since, then every change, then the final page and the end.
   */
  stream(reply: FastifyReply, watcher: Watcher, start: StreamStart): void {
    const response = reply.raw;
    reply.hijack();
    // What the hooks set on the reply (X-Request-Id, the security headers) goes out too.
    response.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      // nginx would otherwise hold events back to fill its buffer.
      'x-accel-buffering': 'no',
      // A stream holds its connection for its life; when it ends (final, shutdown) the
      // connection closes with it rather than idle in keep-alive in a process that is draining.
      connection: 'close',
    });
    if (response.destroyed) return; // the client left while the page was read
    const subscriber: Subscriber = { ...watcher, response };
    if (isDue(subscriber.seen, start.progress)) this.send(subscriber, start.event);
    if (response.writableEnded || response.destroyed) return; // final: one event and the end
    // Nothing due (a resume with nothing new): the client still learns the stream is open.
    if (!response.headersSent) response.flushHeaders();
    this.audience.join(subscriber);
    // 'close' comes once the socket is gone, whoever closed it: the subscriber goes with it.
    response.once('close', () => this.audience.leave(subscriber));
  }

  /** The one shared check: which watched contests moved, and who is behind on which page. */
  private async check(): Promise<void> {
    if (this.gate?.closing) return this.endAll();
    if (this.audience.size === 0) return;
    const view = await this.progressReader.progress(this.audience.contests());
    const rebuilt = this.viewVersion !== null && view.version !== this.viewVersion;
    this.viewVersion = view.version;
    const due = this.audience.due(view.contests, rebuilt);
    for (let i = 0; i < due.length; i += BUILDS_AT_ONCE) {
      await Promise.all(
        due.slice(i, i + BUILDS_AT_ONCE).map(async (page) => {
          const { contestId, limit, progress } = page;
          const event = await this.eventAt(contestId, limit, progress, view.position, view.version);
          if (event) for (const subscriber of page.watchers) this.send(subscriber, event);
        }),
      );
    }
  }

  /** The page of a contest at its progress, as an event: one build however many ask. */
  private async eventAt(
    contestId: string,
    limit: number,
    progress: ContestProgress,
    viewPosition: number,
    viewVersion: number,
  ): Promise<PageEvent | null> {
    // The contest's own position moves with every command that changes it, late ones included.
    const at = { position: progress.position, cursor: readingOrder(0, progress.position) };
    const page = await this.pages.at(`${contestId}|${limit}|${viewVersion}`, at, async () => {
      const board = await this.boards.board(contestId, 0, limit);
      if (!board) return null;
      const { ruleset, asOf, final, items } = board;
      // The body GET /contests/:contestId/standings?limit= sends (standings.http.controller.ts).
      return { contestId, ruleset, asOf, final, position: viewPosition, items };
    });
    if (!page) return null;
    let event = this.events.get(page);
    if (!event) {
      // Once per page build: the page read after the progress may already be the final one.
      const { final } = JSON.parse(page.body.toString('utf8')) as { final: boolean };
      const bytes = sseEvent(final ? 'final' : 'standings', page.position, page.body);
      event = { id: page.position, final, bytes };
      this.events.set(page, event);
    }
    return event;
  }

  private send(subscriber: Subscriber, event: PageEvent): void {
    const { response } = subscriber;
    if (response.writableEnded || response.destroyed) return this.audience.leave(subscriber);
    if (response.writableLength > MAX_UNSENT_BYTES) {
      response.destroy();
      return this.audience.leave(subscriber);
    }
    response.write(event.bytes);
    subscriber.seen = Math.max(subscriber.seen, event.id);
    if (event.final) this.end(subscriber);
  }

  private beat(): void {
    for (const { response } of this.audience.watchers()) {
      if (!response.writableEnded && !response.destroyed && response.writableLength === 0)
        response.write(HEARTBEAT);
    }
  }

  private end(subscriber: Subscriber): void {
    this.audience.leave(subscriber);
    if (!subscriber.response.writableEnded) subscriber.response.end();
  }

  private endAll(): void {
    for (const subscriber of [...this.audience.watchers()]) this.end(subscriber);
  }
}
