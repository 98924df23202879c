import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Writable } from 'node:stream';
import { createApp } from '../src/bootstrap';
import { http, inSeconds, signUp } from '@contest/testing';
import { startTestApp, TestApp } from '@contest/testing/app';

/**
 * A worker registers every command handler before it consumes a job: a finalization job
 * already due when the worker starts must succeed on its first attempt, not fail with
 * CommandHandlerNotFoundException because BullMQ began consuming before @nestjs/cqrs
 * registered the handlers.
 */
describe('a worker starting with jobs already queued', () => {
  let api: TestApp;
  let worker: NestFastifyApplication | undefined;
  const workerLog: string[] = [];

  beforeAll(async () => {
    api = await startTestApp({ APP_ROLE: 'api' });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('runs a due finalization job on its first attempt', async () => {
    const owner = await signUp(api.baseUrl, 'order_owner');
    const created = await http(api.baseUrl, 'POST', '/contests', {
      token: owner.token,
      body: {
        title: 'Due before the worker starts',
        category: 'juggling',
        submissionsCloseAt: inSeconds(0.5),
        votingClosesAt: inSeconds(1),
      },
    });
    expect(created.text).toMatch(/contestId/);
    const contestId: string = created.body.contestId;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the delayed job is now due

    worker = await createApp(
      { ...api.config, role: 'worker' },
      {
        logDestination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            workerLog.push(...chunk.toString('utf8').split('\n').filter(Boolean));
            done();
          },
        }),
      },
    );

    const deadline = Date.now() + 15_000;
    let finalized: { causation: string | null }[] = [];
    while (Date.now() < deadline && finalized.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      finalized = await api.dataSource.query(
        `SELECT metadata->>'causationId' AS causation FROM command_log
         WHERE type = 'FinalizeContest' AND stream_key = $1 AND status = 'accepted'`,
        [`contest:${contestId}`],
      );
    }
    // The job did it (not the sweep that covers for lost jobs), and never failed on the way.
    expect(finalized).toEqual([{ causation: `job:finalize-${contestId}` }]);
    expect(workerLog.filter((line) => /failed|HandlerNotFound/i.test(line))).toEqual([]);
  });
});
