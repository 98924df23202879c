import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { Client, QueryResult, QueryResultRow } from 'pg';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { correlationScope } from '../../platform/logging/correlation';
import { logThrottled, oneLine } from '../../platform/logging/throttled-log';
import { PeriodicTask } from '../../platform/timers/periodic-task';
import { ProjectionRunner } from './projection-runner';
import { Projector, PROJECTORS } from './projector';

/** Advisory-lock key spaces (the first of two int4 keys): live workers, and owned projections. */
const WORKERS_SPACE = 0x57524b; // 'WRK'
const LEASES_SPACE = 0x4c5345; // 'LSE'
const LEASE_QUERY_TIMEOUT_MS = 5_000;
/** Where a worker that took a ring for a projection it does not own hands it to the owner. */
export const RING_CHANNEL = 'projection_ring';

/**
 * Projections owned, not fought over (docs/DESIGN.md, "Projection leases"). Each projection is
 * run by one worker at a time: the one holding its lease, a session-level advisory lock on a
 * connection of the worker's own. Every tick a worker counts the live workers (each holds a
 * membership lock on the same connection), keeps its fair share, ceil(projections / workers),
 * lets surplus idle leases go and takes free ones. A worker that dies or stops loses its
 * connection and with it every lease; the others take them within a tick.
 *
 * A doorbell job is BullMQ's to deliver to any worker: the owner runs the projection, another
 * worker takes the lease if it is free and within its share, or else hands the ring to the
 * owner with NOTIFY and finishes at once. No job holds a queue slot waiting on a lock. Only
 * the owner moves the checkpoint, so its caches (ContestScores) stay valid while it holds the
 * lease. The runner still takes the projection's lock per batch: a lease lost mid-batch (its
 * connection cut) can never apply a row twice.
 */
@Injectable()
export class ProjectionLeases implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('projection-leases');
  private readonly byName: ReadonlyMap<string, Projector>;
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private serial: Promise<unknown> = Promise.resolve();
  private readonly held = new Set<string>();
  /** A projection's catch-up in this process, and whether a ring came in during it. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly rungAgain = new Set<string>();
  private readonly ticks: PeriodicTask;
  private stopping = false;

  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(PROJECTORS) private readonly projectors: readonly Projector[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.byName = new Map(projectors.map((p) => [p.name, p]));
    this.ticks = new PeriodicTask(
      config.projectionLeaseTickMs,
      () => this.rebalance(),
      (error) => {
        logThrottled('projection leases', `lease tick failed: ${oneLine(error)}`);
        return this.disconnect();
      },
    );
  }

  onApplicationBootstrap(): Promise<void> {
    return this.ticks.start();
  }

  /**
   * A bounded stop: every catch-up in hand ends after its current batch, with its checkpoint
   * kept, and the leases go with the connection; the backlog is the next owner's.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.ticks.stop();
    await Promise.allSettled([...this.running.values()]);
    await this.disconnect();
  }

  /** The projections this worker owns now. */
  owned(): readonly string[] {
    return [...this.held];
  }

  /**
   * A doorbell for `name`: runs it here when this worker owns it or can take it, and says
   * whether it did; otherwise the owner is told, and the job is done.
   */
  async ring(name: string): Promise<boolean> {
    if (this.stopping) return false;
    if (!this.held.has(name) && !(await this.tryTake(name))) {
      await this.handOver(name);
      return false;
    }
    await this.run(name);
    return true;
  }

  /** One tick: membership, fair share, surplus let go, free leases taken and caught up. */
  tick(): Promise<void> {
    return this.ticks.runNow();
  }

  private async rebalance(): Promise<void> {
    const { rows } = await this.query<{ workers: number }>(
      `SELECT count(*)::int AS workers FROM pg_locks
       WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2 AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [WORKERS_SPACE],
    );
    const share = Math.ceil(this.projectors.length / Math.max(1, rows[0].workers));
    // Surplus goes first, idle ones only: a catch-up in hand keeps its lease until it ends.
    for (const name of [...this.held]) {
      if (this.held.size <= share) break;
      if (this.running.has(name)) continue;
      await this.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [LEASES_SPACE, name]);
      this.held.delete(name);
      this.logger.log(`released ${name} (share ${share} of ${rows[0].workers} workers)`);
    }
    for (const { name } of this.projectors) {
      if (this.held.size >= share) break;
      if (!this.held.has(name)) await this.tryTake(name);
    }
    // The periodic poll (docs/DESIGN.md invariant 9), per owned projection: one taken over may
    // have missed rings while it had no owner, and a ring can go astray (handed to an owner
    // that had just died, or deduplicated into a dead worker's job). Each costs a projection
    // one tick at most, never for good. A projection with nothing new costs one short read.
    for (const name of this.held) if (!this.running.has(name)) void this.run(name);
  }

  /** Takes a free lease within this worker's share (checked by the next tick otherwise). */
  private async tryTake(name: string): Promise<boolean> {
    if (this.stopping || !this.byName.has(name)) return false;
    const { rows } = await this.query<{ taken: boolean }>(
      `SELECT pg_try_advisory_lock($1, hashtext($2)) AS taken`,
      [LEASES_SPACE, name],
    );
    if (!rows[0].taken) return false;
    this.held.add(name);
    this.logger.log(`owns ${name}`);
    return true;
  }

  private async handOver(name: string): Promise<void> {
    await this.query(`SELECT pg_notify($1, $2)`, [RING_CHANNEL, name]);
  }

  /** One catch-up at a time per projection; a ring meanwhile runs it once more after. */
  private run(name: string): Promise<void> {
    const inHand = this.running.get(name);
    if (inHand) {
      this.rungAgain.add(name);
      return inHand;
    }
    const projector = this.byName.get(name);
    if (!projector) return Promise.resolve();
    const keepGoing = () => !this.stopping && this.held.has(name);
    const loop = async () => {
      do {
        this.rungAgain.delete(name);
        await correlationScope.run({ correlationId: `projection:${name}:lease` }, () =>
          this.runner.catchUp(projector, undefined, keepGoing),
        );
      } while (this.rungAgain.has(name) && keepGoing());
    };
    const running = loop()
      .catch((error: unknown) => {
        logThrottled('projection leases', `${name}: ${oneLine(error)}`);
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, running);
    return running;
  }

  /**
   * One query at a time on the lease connection: a tick and a ring may both want it, and pg
   * does not queue queries on a client for much longer (a deprecation warning on stderr now).
   */
  private query<Row extends QueryResultRow>(
    sql: string,
    params: unknown[],
  ): Promise<QueryResult<Row>> {
    const next = this.serial.then(async () => (await this.connection()).query<Row>(sql, params));
    this.serial = next.catch(() => undefined);
    return next;
  }

  /**
   * The lease connection: its session holds this worker's membership and leases, and LISTENs
   * for rings handed over by other workers. When it fails, every lease is gone with it.
   */
  private connection(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      application_name: 'projection-leases',
      // Lease queries are instant; one that hangs (a half-open socket) must not stall every
      // tick and ring behind it: it fails, and the tick reconnects.
      query_timeout: LEASE_QUERY_TIMEOUT_MS,
      connectionTimeoutMillis: LEASE_QUERY_TIMEOUT_MS,
    });
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = null;
      if (this.held.size > 0) this.logger.warn(`leases lost (${why}); retaking on the next tick`);
      void client.end().catch(() => undefined); // its session's locks go with it
      this.held.clear();
    };
    client.on('error', (error) => lost(oneLine(error)));
    client.on('end', () => lost('connection closed'));
    client.on('notification', ({ payload }) => {
      if (payload && this.held.has(payload) && !this.stopping) void this.run(payload);
    });
    try {
      await client.connect();
      // A membership of this connection's own: never a wait on a session of ours not yet gone.
      const { rows } = await client.query<{ joined: boolean }>(
        `SELECT pg_try_advisory_lock($1, $2) AS joined`,
        [WORKERS_SPACE, randomInt(1, 2 ** 31 - 1)],
      );
      if (!rows[0].joined) throw new Error('membership id taken; retrying with another');
      await client.query(`LISTEN ${RING_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.held.clear();
    await client?.end().catch(() => undefined);
  }
}
