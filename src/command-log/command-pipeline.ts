import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Decision, reject, Rejection, RejectionCode } from '@contest/domain';
import { DataSource, EntityManager } from 'typeorm';
import { DatabaseUnavailable, isDatabaseUnavailable } from '../platform/database/availability';
import { oneLine } from '../platform/logging/throttled-log';
import { CommandEnvelope } from './command-envelope';
import { CommandLogRepository } from './command-log.repository';
import { DuplicateIdempotencyKey, IdempotencyStore } from './idempotency/idempotency.store';
import {
  BatchResult,
  BatchTransaction,
  lockKeysOfOne,
  Submission,
  TopUp,
} from './pipeline/batch-transaction';
import {
  CommandOutcome,
  CommandSubmission,
  DecisionPort,
  EDGE_REFUSALS,
} from './pipeline/decision-port';
import { ServiceUnavailable, storableEnvelope } from './pipeline/storage-failure';
import { FieldProblem } from '../platform/http/problem';
import { refusalStatus } from '@contest/domain';

export type { CommandOutcome } from './pipeline/decision-port';

/** At most this many commands of one stream share a transaction. */
const MAX_BATCH = 256;

/**
 * One command decided alone: the shape identity, rulesets, replays and operations use. The
 * pipeline takes its locks, then calls `load`, `decide` and `persist` in that order.
 */
export interface CommandUseCase<S, E> {
  /** Streams this command is ordered within (docs/DESIGN.md invariant 5); locked before loading. */
  readonly lockKeys: readonly string[];
  load(tx: EntityManager): Promise<S>;
  decide(state: S): Decision<E>;
  /** Writes the decision-state changes of the events (accepted or not). */
  persist(tx: EntityManager, events: readonly E[], state: S): Promise<void>;
  acceptedBody?(events: readonly E[], state: S): object | Promise<object>;
  undo?(): Promise<void>;
}

/** Told after every commit that appended to the log; rings the projectors' doorbells. */
export interface CommitListener {
  afterCommit(position: number): void;
}
export const COMMIT_LISTENER = Symbol('COMMIT_LISTENER');

interface Pending {
  readonly submission: Submission;
  resolve(outcome: CommandOutcome<unknown>): void;
  reject(error: unknown): void;
}

/**
 * The one write path. Commands queue per stream; while a stream's transaction runs, the next
 * ones wait and then go together (group commit, docs/BENCHMARKS.md P1): one transaction, one lock,
 * one load of their state, decisions one after another in arrival order (docs/DESIGN.md invariant
 * 5), one multi-row insert into the log, one write of the state, the replies kept for their
 * Idempotency-Keys, one commit. A single command is a batch of one. Nobody gets a reply
 * before the commit (invariant 1).
 */
@Injectable()
export class CommandPipeline {
  private readonly logger = new Logger('commands');
  private readonly queues = new Map<string, Pending[]>();
  private readonly transaction: BatchTransaction;

  constructor(
    dataSource: DataSource,
    log: CommandLogRepository,
    idempotency: IdempotencyStore,
    @Optional() @Inject(COMMIT_LISTENER) private readonly listener?: CommitListener,
  ) {
    this.transaction = new BatchTransaction(dataSource, log, idempotency);
  }

  submit<S, C, E>(submission: CommandSubmission<S, C, E>): Promise<CommandOutcome<E>> {
    return new Promise((resolve, rejectPromise) => {
      const pending = { submission, resolve, reject: rejectPromise } as unknown as Pending;
      const streamKey = submission.envelope.streamKey;
      const queue = this.queues.get(streamKey);
      if (queue) {
        queue.push(pending);
        return;
      }
      this.queues.set(streamKey, [pending]);
      void this.drain(streamKey);
    });
  }

  /** Decides one command with a use case of its own (a port of one command). */
  execute<S, E>(envelope: CommandEnvelope, useCase: CommandUseCase<S, E>) {
    return this.submit<S, null, E>({
      envelope,
      port: portOf(useCase),
      command: null,
      lockKeys: useCase.lockKeys,
      acceptedBody: useCase.acceptedBody?.bind(useCase),
      undo: useCase.undo?.bind(useCase),
    });
  }

  /** Records a command refused before any decider ran (validation, authentication, roles). */
  recordRefusal(
    envelope: CommandEnvelope,
    rejection: Rejection,
    httpStatus: number,
    fieldProblems?: readonly FieldProblem[],
  ): Promise<CommandOutcome<never>> {
    return this.submit({
      envelope,
      port: EDGE_REFUSALS,
      command: reject<never>(rejection.code, rejection.detail),
      refusalStatus: httpStatus,
      fieldProblems,
    });
  }

  /** Flushes a stream's queue until it is empty; the queue's presence marks a drain running. */
  private async drain(streamKey: string): Promise<void> {
    const queue = this.queues.get(streamKey)!;
    try {
      while (queue.length > 0) await this.flush(takeBatch(queue), queue);
    } finally {
      // Whatever happened, the next command of this stream starts a fresh drain.
      this.queues.delete(streamKey);
      for (const pending of queue.splice(0)) pending.reject(new Error('command stream stopped'));
    }
  }

  /**
   * One transaction for `batch`, topped up, once the stream's locks are held, with what queued
   * behind it meanwhile (docs/scaling.md): while another API process holds a hot contest's
   * lock, this one's commands pile up, and they all go in the transaction that follows
   * instead of one batch behind. So a contest's throughput does not halve with a second API
   * process: each transaction carries what arrived during the other's.
   */
  private async flush(first: readonly Pending[], queue?: Pending[]): Promise<void> {
    const batch = [...first];
    const topUp: TopUp | undefined =
      queue &&
      ((held) => {
        const more = takeCoveredBy(queue, held, batch);
        batch.push(...more);
        return more.map((pending) => pending.submission);
      });
    let results: BatchResult[];
    try {
      results = await this.transaction.run(
        first.map((pending) => pending.submission),
        topUp,
      );
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        for (const pending of batch) pending.reject(new DatabaseUnavailable(error));
        return;
      }
      if (batch.length > 1) {
        // One command Postgres would not take must not fail the rest: each goes again alone,
        // in arrival order, so every other command gets the reply it would have had alone.
        for (const pending of batch) await this.flush([pending]);
        return;
      }
      return this.refuseCulprit(batch[0], error);
    }
    this.settle(batch, results);
  }

  private settle(batch: readonly Pending[], results: readonly BatchResult[]): void {
    let lastPosition = 0;
    for (const outcome of results) {
      if (!(outcome instanceof DuplicateIdempotencyKey))
        lastPosition = Math.max(lastPosition, outcome.position);
    }
    if (lastPosition > 0) this.listener?.afterCommit(lastPosition);
    batch.forEach((pending, i) => {
      const outcome = results[i];
      if (outcome instanceof DuplicateIdempotencyKey) pending.reject(outcome);
      else pending.resolve(outcome);
    });
  }

  /**
   * A command whose transaction failed on its own is logged as refused, with a payload
   * Postgres accepts: an outage of the session store as that outage, anything else as
   * COMMAND_NOT_STORABLE.
   */
  private async refuseCulprit(pending: Pending, error: unknown): Promise<void> {
    const { envelope } = pending.submission;
    const refusal = refusalOfFailure(error);
    if (!(error instanceof ServiceUnavailable)) {
      const stateless = typeof (error as { code?: unknown })?.code !== 'string';
      const line = `${envelope.type} ${envelope.commandId} could not be stored: ${oneLine(error)}`;
      // Postgres refusing a value is the sender's doing; anything else is a bug of ours.
      if (stateless) this.logger.error(`${line}\n${(error as Error)?.stack ?? ''}`);
      else this.logger.warn(line);
    }
    try {
      const results = await this.transaction.run([
        {
          envelope: storableEnvelope(envelope),
          port: EDGE_REFUSALS,
          command: reject(refusal.code, refusal.detail),
          refusalStatus: refusalStatus(refusal.code),
        },
      ]);
      this.settle([pending], results);
    } catch (recordError) {
      pending.reject(
        isDatabaseUnavailable(recordError) ? new DatabaseUnavailable(recordError) : recordError,
      );
    }
  }
}

/**
 * The commands at the head of a queue that may join a batch whose locks are held: the batch's
 * port's (or refusals), whose locks are all held, up to MAX_BATCH in all. A prefix only, so
 * the stream's arrival order is kept.
 */
function takeCoveredBy(
  queue: Pending[],
  held: ReadonlySet<string>,
  batch: readonly Pending[],
): Pending[] {
  const port = batch.find((p) => p.submission.port !== EDGE_REFUSALS)?.submission.port;
  let size = 0;
  for (; size < queue.length && batch.length + size < MAX_BATCH; size++) {
    const next = queue[size].submission;
    if (next.port !== EDGE_REFUSALS && next.port !== port) break;
    if (!lockKeysOfOne(next).every((key) => held.has(key))) break;
  }
  return queue.splice(0, size);
}

/** The commands at the head of a queue that one transaction takes: one port's, and refusals. */
function takeBatch(queue: Pending[]): Pending[] {
  let port: DecisionPort<unknown, unknown, unknown> | undefined;
  let size = 0;
  for (; size < queue.length && size < MAX_BATCH; size++) {
    const next = queue[size].submission.port;
    if (next === EDGE_REFUSALS) continue;
    if (port === undefined) port = next;
    else if (next !== port) break;
  }
  return queue.splice(0, size);
}

/** A use case of one command as a port: its closures already hold the command. */
function portOf<S, E>(useCase: CommandUseCase<S, E>): DecisionPort<S, null, E> {
  return {
    load: (tx) => useCase.load(tx),
    decide: (_command, state) => useCase.decide(state),
    persist: (tx, events, state) => useCase.persist(tx, events, state),
  };
}

/** Why a command's own transaction failed, as a refusal the log can hold. */
function refusalOfFailure(error: unknown): { code: RejectionCode; detail: string } {
  if (error instanceof ServiceUnavailable) return { code: error.code, detail: error.detail };
  const state = (error as { code?: unknown })?.code;
  const why =
    typeof state === 'string' && state.startsWith('22')
      ? 'it holds a value Postgres cannot store (such as a NUL character, a lone surrogate or a number out of range)'
      : typeof state === 'string' && state.startsWith('23')
        ? 'it conflicts with what is stored already'
        : 'it could not be stored';
  return {
    code: 'COMMAND_NOT_STORABLE',
    detail: `The command was not carried out: ${why}. Change what it carries and send it again.`,
  };
}
