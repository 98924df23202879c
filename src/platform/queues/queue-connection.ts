import { ConnectionOptions, Processor, Queue, QueueOptions, Worker, WorkerOptions } from 'bullmq';
import { logThrottled, oneLine } from '../logging/throttled-log';
import { reconnectDelay } from '../redis/redis-connection';
import {
  backendFactoryFor,
  isPostgresQueueConnection,
  postgresQueuePool,
  postgresWorkerConnection,
} from './queue-backend';

/** How long a queue command (an add, a count) may wait for Redis before it fails. */
export const QUEUE_COMMAND_TIMEOUT_MS = 2_000;

/**
 * Producers' connections (Queue: doorbells, schedules, counts for metrics and the board).
 * While Redis is down a command fails at once instead of piling up in ioredis' offline queue
 * (which would replay a storm of stale doorbells on its return); a Redis that accepts the
 * connection but does not answer fails it after QUEUE_COMMAND_TIMEOUT_MS. Reconnects come
 * at most a second apart.
 */
export function queueConnection(url: string): ConnectionOptions {
  return {
    url,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: QUEUE_COMMAND_TIMEOUT_MS,
    connectTimeout: 5_000,
    retryStrategy: reconnectDelay,
  } as ConnectionOptions;
}

/**
 * Consumers' connections differ: BullMQ blocks on BZPOPMIN, which a command timeout would cut
 * off, and a worker's commands (completing the job in hand) should wait for Redis to return
 * rather than fail, so the offline queue stays on and retries are unlimited, as BullMQ needs.
 * On the Postgres backend a worker blocks on LISTEN on a connection of its own, and only its
 * pool is sized differently.
 */
export function workerConnection(
  connection: ConnectionOptions | undefined,
  concurrency?: number,
): ConnectionOptions {
  if (isPostgresQueueConnection(connection))
    return postgresWorkerConnection(connection, concurrency);
  const { commandTimeout: _timeout, ...rest } = (connection ?? {}) as ConnectionOptions & {
    commandTimeout?: number;
  };
  return {
    ...rest,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    retryStrategy: reconnectDelay,
  } as ConnectionOptions;
}

/** Where the app's workers report their queue's name and their errors. */
export const WORKER_ERRORS = 'bullmq workers';
export const QUEUE_ERRORS = 'bullmq queues';

/** BullMQ's RedisConnection, whose disconnect(false) drops the socket without waiting. */
interface DroppableConnection {
  disconnect(wait?: boolean): Promise<void>;
}

/**
 * The app's BullMQ Queue (BullModule.queueClass): several modules register the same queue
 * name, each getting an instance of its own, and every one of them reports connection errors.
 * Each is logged, rate-limited, as one JSON line; an 'error' with no listener would be printed
 * by BullMQ as a stack dump. Its backend (Redis or Postgres) follows its connection options
 * (queue-backend.ts).
 */
export class AppQueue extends Queue {
  constructor(name: string, opts?: QueueOptions) {
    super(
      name,
      isPostgresQueueConnection(opts?.connection)
        ? { ...opts, connection: postgresQueuePool(opts?.connection, name) }
        : (opts as QueueOptions),
      backendFactoryFor(opts?.connection) as never,
    );
    this.on('error', (error: Error) => logThrottled(QUEUE_ERRORS, `${name}: ${oneLine(error)}`));
  }

  /**
   * Closing while Redis is away: a producer's connection has no offline queue, so BullMQ's
   * QUIT fails with "Stream isn't writeable", which BullMQ does not count as a connection
   * error and rethrows. That failure would abort the app's shutdown half-way, leaving the
   * database pool and the HTTP server open. There is nothing left to say to Redis, so the
   * connection is dropped instead.
   */
  override async close(): Promise<void> {
    try {
      await super.close();
    } catch (error) {
      logThrottled(QUEUE_ERRORS, `${this.name}: closed by disconnecting (${oneLine(error)})`);
      // Not this.disconnect(): it waits for an 'end' that a socket already gone never sends.
      const { connection } = this.getBackend() as unknown as { connection?: DroppableConnection };
      await connection?.disconnect(false);
      this.closed = true;
    }
  }
}

/**
 * The app's BullMQ Worker (BullModule.workerClass): consumer connections, a second (not
 * fifteen) between attempts to fetch a job while Redis is away, never started by its
 * constructor (each processor starts its worker once the app has bootstrapped, so every
 * command handler is registered before a job runs), and 'error' events logged, rate-limited,
 * as one JSON line; an 'error' with no listener would be printed by BullMQ as a stack dump.
 */
export class AppWorker extends Worker {
  constructor(name: string, processor?: string | URL | null | Processor, opts?: WorkerOptions) {
    super(
      name,
      processor,
      {
        ...opts,
        autorun: false,
        runRetryDelay: opts?.runRetryDelay ?? 1_000,
        connection: workerConnection(opts?.connection, opts?.concurrency),
      } as WorkerOptions,
      backendFactoryFor(opts?.connection) as never,
    );
    this.on('error', (error) => logThrottled(WORKER_ERRORS, `${name}: ${oneLine(error)}`));
  }

  /**
   * Starts consuming. run() resolves only when the worker closes; a failure of it is logged,
   * never left unhandled.
   */
  start(): void {
    if (this.isRunning() || this.closing) return;
    this.run().catch((error: unknown) =>
      logThrottled(WORKER_ERRORS, `${this.name}: ${oneLine(error)}`),
    );
  }
}

/**
 * Starts a processor's worker: called from its onApplicationBootstrap, which Nest runs after
 * the global CqrsModule's (global modules first) and after any CqrsModule a feature imports
 * (imports before importers), so every command handler is registered by then.
 */
export function startWorker(worker: Worker): void {
  if (worker instanceof AppWorker) {
    worker.start();
    return;
  }
  if (!worker.isRunning()) {
    worker.run().catch((error: unknown) => logThrottled(WORKER_ERRORS, oneLine(error)));
  }
}
