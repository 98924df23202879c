import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { ReplayProgress, ReplayRequest, ReplayRun } from './replay-runner';
import type { ThreadMessage } from './replay-thread.worker';

const logger = new Logger('replays');

export interface ReplayThreadOptions {
  readonly databaseUrl: string;
  /** The thread's old-generation heap, in MB (REPLAY_HEAP_MB). */
  readonly heapMb: number;
}

/** A replay whose history needs more memory than REPLAY_HEAP_MB allows. */
export class ReplayHeapExceeded extends Error {
  constructor(heapMb: number) {
    super(
      `the replay needed more than its ${heapMb} MB of heap; raise REPLAY_HEAP_MB for contests this large`,
    );
  }
}

/**
 * Runs a replay in a worker thread of its own, with a heap of its own:
 * - the heap is capped, so a replay's memory stays bounded (V8 otherwise lets a million
 *   commands' garbage grow the heap to four times the live data before collecting it);
 * - a replay too large for its cap fails alone, with a reason, instead of taking the worker
 *   process and its projectors down;
 * - deciding a million commands does not hold up the worker's event loop.
 * From the sources (tests), the thread compiles them on the fly.
 */
export function runReplayInThread(
  request: ReplayRequest,
  options: ReplayThreadOptions,
  progress?: ReplayProgress,
): Promise<ReplayRun> {
  const fromSources = extname(__filename) === '.ts';
  const thread = new Worker(join(__dirname, `replay-thread.worker${extname(__filename)}`), {
    workerData: { databaseUrl: options.databaseUrl, request },
    resourceLimits: { maxOldGenerationSizeMb: options.heapMb },
    execArgv: fromSources
      ? ['--require', 'ts-node/register/transpile-only', '--require', 'tsconfig-paths/register']
      : [],
  });
  return new Promise<ReplayRun>((resolve, reject) => {
    let settled = false;
    // Progress is written in order, and the result only after the last of it.
    let written: Promise<unknown> = Promise.resolve();
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      void written.then(outcome);
    };
    thread.on('message', (message: ThreadMessage) => {
      if (message.kind === 'progress') {
        written = written
          .then(() => progress?.(message.processed, message.total))
          // Progress is a courtesy: a failed write of it is said, and the replay goes on.
          .catch((error: unknown) => logger.warn(`replay progress not written: ${String(error)}`));
      } else if (message.kind === 'done') {
        settle(() => resolve(message.run as ReplayRun));
      } else {
        settle(() => reject(new Error(message.message)));
      }
    });
    thread.on('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ReplayHeapExceeded(options.heapMb)
            : error,
        ),
      ),
    );
    thread.on('exit', (code) =>
      settle(() => reject(new Error(`the replay thread stopped (exit code ${code})`))),
    );
  });
}
