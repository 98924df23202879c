import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  ContestCommand,
  ContestEvent,
  Decision,
  decideContest,
  evolveContest,
} from '@contest/domain';
import { DataSource, EntityManager } from 'typeorm';
import { CommandEnvelope } from '../command-log/command-envelope';
import { CommandLogEntry, CommandLogRepository } from '../command-log/command-log.repository';
import {
  COMMIT_LISTENER,
  CommitListener,
  CommandOutcome,
  idempotencyActorKey,
} from '../command-log/command-pipeline';
import { rejectionStatus } from '../command-log/http/rejection-status';
import {
  DuplicateIdempotencyKey,
  IdempotencyStore,
} from '../command-log/idempotency/idempotency.store';
import { ContestStateKeys, ContestStateRepository } from './contest-state.repository';

/** At most this many commands of one contest share a transaction. */
const MAX_BATCH = 256;

interface Pending {
  readonly envelope: CommandEnvelope;
  readonly command: ContestCommand;
  readonly keys: ContestStateKeys;
  resolve(outcome: CommandOutcome<ContestEvent>): void;
  reject(error: unknown): void;
}

/**
 * Group commit per contest (BENCHMARKS.md P1). Commands of one contest queue up while the
 * previous transaction of that contest runs; the next transaction takes them all: one stream
 * lock, one load of their state, decisions one after another in arrival order (each seeing
 * the last one's effects, DESIGN.md invariant 5), one multi-row insert into the log, one write
 * of the state, one commit. Nobody gets a reply before the commit.
 */
@Injectable()
export class ContestBatcher {
  private readonly queues = new Map<string, Pending[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: CommandLogRepository,
    private readonly state: ContestStateRepository,
    private readonly idempotency: IdempotencyStore,
    @Optional() @Inject(COMMIT_LISTENER) private readonly listener?: CommitListener,
  ) {}

  submit(
    streamKey: string,
    contestId: string | undefined,
    envelope: CommandEnvelope,
    command: ContestCommand,
    keys: ContestStateKeys,
  ): Promise<CommandOutcome<ContestEvent>> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(streamKey);
      const pending = { envelope: { ...envelope, streamKey }, command, keys, resolve, reject };
      if (queue) {
        queue.push(pending);
        return;
      }
      this.queues.set(streamKey, [pending]);
      void this.drain(streamKey, contestId);
    });
  }

  /** Flushes a stream's queue until it is empty; the queue's presence marks a drain running. */
  private async drain(streamKey: string, contestId: string | undefined): Promise<void> {
    const queue = this.queues.get(streamKey)!;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, MAX_BATCH);
        await this.flush(streamKey, contestId, batch);
      }
    } finally {
      // Whatever happened, the next command of this stream starts a fresh drain.
      this.queues.delete(streamKey);
      for (const pending of queue.splice(0))
        pending.reject(new Error('contest batch drain stopped'));
    }
  }

  private async flush(
    streamKey: string,
    contestId: string | undefined,
    batch: Pending[],
  ): Promise<void> {
    let results: {
      pending: Pending;
      outcome: CommandOutcome<ContestEvent> | DuplicateIdempotencyKey;
    }[];
    try {
      results = await this.inLockedTransaction(streamKey, (tx) =>
        this.decideAll(tx, contestId, batch),
      );
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    let lastPosition = 0;
    for (const { pending, outcome } of results) {
      if (outcome instanceof DuplicateIdempotencyKey) {
        pending.reject(outcome);
      } else {
        pending.resolve(outcome);
        lastPosition = Math.max(lastPosition, outcome.position);
      }
    }
    if (lastPosition > 0) this.listener?.afterCommit(lastPosition);
  }

  /**
   * BEGIN and the stream lock in one round trip (a batch's latency is mostly round trips), then
   * the work, then COMMIT. The lock comes before any write, so the transaction id is drawn
   * after it (see lockStreams). Stream keys are `<kind>:<uuid>`, checked before being inlined.
   */
  private async inLockedTransaction<T>(
    streamKey: string,
    work: (tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (!/^[a-z-]+:[0-9a-f-]{36}$/.test(streamKey)) {
      return this.dataSource.transaction('READ COMMITTED', async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [streamKey]);
        return work(tx);
      });
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(
        `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(hashtextextended('${streamKey}', 0))`,
      );
      try {
        const result = await work(runner.manager);
        await runner.query('COMMIT');
        return result;
      } catch (error) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  private async decideAll(tx: EntityManager, contestId: string | undefined, batch: Pending[]) {
    const live: Pending[] = [];
    const duplicates: Pending[] = [];
    for (const pending of batch) {
      const key = pending.envelope.metadata.idempotencyKey;
      if (key === null) {
        live.push(pending);
        continue;
      }
      try {
        await this.idempotency.claim(
          tx,
          idempotencyActorKey(pending.envelope),
          key,
          pending.envelope.commandId,
          pending.envelope.receivedAt,
        );
        live.push(pending);
      } catch (error) {
        if (!(error instanceof DuplicateIdempotencyKey)) throw error;
        duplicates.push(pending);
      }
    }
    const state = await this.state.loadMany(
      tx,
      contestId,
      live.map((p) => p.keys),
    );
    const decisions: Decision<ContestEvent>[] = [];
    const entries: CommandLogEntry[] = [];
    const events: ContestEvent[] = [];
    for (const pending of live) {
      const decision = decideContest(pending.command, state);
      for (const event of decision.events) evolveContest(state, event);
      events.push(...decision.events);
      decisions.push(decision);
      const rejection = decision.status === 'rejected' ? decision.rejection : null;
      entries.push({
        envelope: pending.envelope,
        stage: 'decider',
        rejection,
        httpStatus: httpStatusOf(pending.command, decision),
        events: decision.events,
      });
    }
    const positions = await this.log.appendMany(tx, entries);
    await this.state.saveBatch(tx, events, state);
    return [
      ...live.map((pending, i) => ({
        pending,
        outcome: {
          commandId: pending.envelope.commandId,
          position: positions[i],
          decision: decisions[i],
          httpStatus: entries[i].httpStatus,
        },
      })),
      ...duplicates.map((pending) => ({ pending, outcome: new DuplicateIdempotencyKey() })),
    ];
  }
}

const CREATES = new Set(['CreateContest', 'SubmitEntry', 'AddComment']);

/** API.md's statuses: 201 for creations, 202 for views; a view of a closed contest is 422. */
export function httpStatusOf(command: ContestCommand, decision: Decision<ContestEvent>): number {
  if (decision.status === 'rejected') {
    const code = decision.rejection.code;
    return command.type === 'RecordView' && code === 'CONTEST_CLOSED' ? 422 : rejectionStatus(code);
  }
  return command.type === 'RecordView' ? 202 : CREATES.has(command.type) ? 201 : 200;
}
