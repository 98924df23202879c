import { parentPort, workerData } from 'node:worker_threads';
import { createDataSource } from '../../platform/database/run-migrations';
import { ReplayRequest, ReplayRunner } from './replay-runner';

/** The replay thread's side (see replay-thread.ts): its own connections, one replay. */
export type ThreadMessage =
  | { kind: 'progress'; processed: number; total: number }
  | { kind: 'done'; run: unknown }
  | { kind: 'failed'; message: string };

async function main(): Promise<void> {
  const { databaseUrl, request } = workerData as { databaseUrl: string; request: ReplayRequest };
  const post = (message: ThreadMessage) => parentPort!.postMessage(message);
  const dataSource = await createDataSource(databaseUrl, 2).initialize();
  try {
    const run = await new ReplayRunner(dataSource).run(request, (processed, total) =>
      post({ kind: 'progress', processed, total }),
    );
    post({ kind: 'done', run });
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) =>
  parentPort!.postMessage({
    kind: 'failed',
    message: error instanceof Error ? error.message : String(error),
  } satisfies ThreadMessage),
);
