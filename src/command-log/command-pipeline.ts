import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Decision, reject, Rejection, RejectionCode } from '@contest/domain';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { CommandEnvelope, RecordedCommand } from './command-envelope';
import { CommandLogEntry, CommandLogRepository } from './command-log.repository';
import { FieldProblem } from './http/command-refusal';
import { problem } from './http/problem';
import { rejectionStatus } from './http/rejection-status';
import { replyStatus } from './http/reply-status';
import {
  DuplicateIdempotencyKey,
  IdempotencyStore,
  StoredReply,
} from './idempotency/idempotency.store';
import { CommandSubmission, DecisionPort, EDGE_REFUSALS } from './pipeline/decision-port';
import { crashIfAskedAfterCommit } from './pipeline/fault-injection';
import {
  DatabaseUnavailable,
  isDatabaseUnavailable,
  messageOf,
} from '../platform/database/availability';
import { ServiceUnavailable, storable } from './pipeline/storage-failure';

/** At most this many commands of one stream share a transaction. */
const MAX_BATCH = 256;

/**
 * One command decided alone: the shape identity, rulesets, replays and operations use. The
 * pipeline takes its locks, then calls `load`, `decide` and `persist` in that order.
 */
export interface CommandUseCase<S, E> {
  /** Streams this command is ordered within (DESIGN.md invariant 5); locked before loading. */
  readonly lockKeys: readonly string[];
  load(tx: EntityManager): Promise<S>;
  decide(state: S): Decision<E>;
  /** Writes the decision-state changes of the events (accepted or not). */
  persist(tx: EntityManager, events: readonly E[], state: S): Promise<void>;
  acceptedBody?(events: readonly E[], state: S): object | Promise<object>;
  undo?(): Promise<void>;
}

export interface CommandOutcome<E> extends RecordedCommand {
  readonly decision: Decision<E>;
  readonly httpStatus: number;
  /** The reply as the client gets it, kept in the same transaction for a repeated key. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** Told after every commit that appended to the log; rings the projectors' doorbells. */
export interface CommitListener {
  afterCommit(position: number): void;
}
export const COMMIT_LISTENER = Symbol('COMMIT_LISTENER');

/** The actor key idempotency replies are scoped by: the user, else the client address. */
export function idempotencyActorKey(envelope: CommandEnvelope): string {
  return envelope.actorId ?? `anonymous:${envelope.metadata.clientAddress ?? 'unknown'}`;
}

type Submission = CommandSubmission<unknown, unknown, unknown>;

interface Pending {
  readonly submission: Submission;
  resolve(outcome: CommandOutcome<unknown>): void;
  reject(error: unknown): void;
}

/** What a batch's transaction made of one command: its outcome, or a twin's key. */
type BatchResult = CommandOutcome<unknown> | DuplicateIdempotencyKey;

/**
 * The one write path. Commands queue per stream; while a stream's transaction runs, the next
 * ones wait and then go together (group commit, BENCHMARKS.md P1): one transaction, one lock,
 * one load of their state, decisions one after another in arrival order (DESIGN.md invariant
 * 5), one multi-row insert into the log, one write of the state, the replies kept for their
 * Idempotency-Keys, one commit. A single command is a batch of one. Nobody gets a reply
 * before the commit (invariant 1).
 */
@Injectable()
export class CommandPipeline {
  private readonly logger = new Logger('commands');
  private readonly queues = new Map<string, Pending[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: CommandLogRepository,
    private readonly idempotency: IdempotencyStore,
    @Optional() @Inject(COMMIT_LISTENER) private readonly listener?: CommitListener,
  ) {}

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
      while (queue.length > 0) await this.flush(takeBatch(queue));
    } finally {
      // Whatever happened, the next command of this stream starts a fresh drain.
      this.queues.delete(streamKey);
      for (const pending of queue.splice(0)) pending.reject(new Error('command stream stopped'));
    }
  }

  private async flush(batch: readonly Pending[]): Promise<void> {
    let results: BatchResult[];
    try {
      results = await this.decideAndCommit(batch.map((pending) => pending.submission));
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
      const line = `${envelope.type} ${envelope.commandId} could not be stored: ${messageOf(error)}`;
      // Postgres refusing a value is the sender's doing; anything else is a bug of ours.
      if (stateless) this.logger.error(`${line}\n${(error as Error)?.stack ?? ''}`);
      else this.logger.warn(line);
    }
    try {
      const results = await this.decideAndCommit([
        {
          envelope: storable(envelope),
          port: EDGE_REFUSALS,
          command: reject(refusal.code, refusal.detail),
          refusalStatus: rejectionStatus(refusal.code),
        },
      ]);
      this.settle([pending], results);
    } catch (recordError) {
      pending.reject(
        isDatabaseUnavailable(recordError) ? new DatabaseUnavailable(recordError) : recordError,
      );
    }
  }

  /** One transaction for a batch; what a failed one did outside Postgres is taken back. */
  private async decideAndCommit(batch: readonly Submission[]): Promise<BatchResult[]> {
    const undos: (() => Promise<void>)[] = [];
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await beginLocked(runner, lockKeysOf(batch));
      try {
        const results = await this.decideIn(runner.manager, batch, undos);
        await this.commit(runner, batch);
        crashIfAskedAfterCommit(batch.map((s) => s.envelope));
        return results;
      } catch (error) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } catch (error) {
      for (const undo of undos) {
        await undo().catch((undoError: unknown) =>
          this.logger.warn(
            `could not take back a failed command's effect: ${messageOf(undoError)}`,
          ),
        );
      }
      throw error;
    } finally {
      await runner.release().catch(() => undefined);
    }
  }

  /**
   * COMMIT, and when the connection drops during it, a look at the log to learn whether it
   * committed after all: a command that committed is never answered as failed.
   */
  private async commit(runner: QueryRunner, batch: readonly Submission[]): Promise<void> {
    try {
      await runner.query('COMMIT');
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const ids = batch.map((s) => s.envelope.commandId);
      const found: unknown[] = await this.dataSource
        .query(`SELECT 1 FROM command_log WHERE command_id = ANY($1::uuid[]) LIMIT 1`, [ids])
        .catch(() => []);
      if (found.length === 0) throw error;
      this.logger.warn(`the connection dropped during COMMIT, which had succeeded`);
    }
  }

  private async decideIn(
    tx: EntityManager,
    batch: readonly Submission[],
    undos: (() => Promise<void>)[],
  ): Promise<BatchResult[]> {
    const claimed = await this.claimKeys(tx, batch);
    const live = batch.filter((_, i) => claimed[i]);
    const stateful = live.filter((s) => s.port !== EDGE_REFUSALS);
    // takeBatch puts one port's commands in a batch, besides refusals that need no state.
    const port: DecisionPort<unknown, unknown, unknown> | undefined = stateful[0]?.port;
    const state = port
      ? await port.load(
          tx,
          stateful.map((s) => s.command),
        )
      : null;
    const decisions = live.map((s) =>
      s.port === EDGE_REFUSALS ? (s.command as Decision<unknown>) : port!.decide(s.command, state),
    );
    const entries: CommandLogEntry[] = live.map((s, i) => ({
      envelope: s.envelope,
      stage: s.port === EDGE_REFUSALS ? 'edge' : 'decider',
      rejection: decisions[i].status === 'rejected' ? decisions[i].rejection : null,
      httpStatus: s.refusalStatus ?? replyStatus(s.envelope.type, decisions[i]),
      events: decisions[i].events,
    }));
    const positions = await this.log.appendMany(tx, entries);
    const events = live.flatMap((s, i) => (s.port === EDGE_REFUSALS ? [] : decisions[i].events));
    if (port && events.length > 0) await port.persist(tx, events, state);
    const outcomes: CommandOutcome<unknown>[] = [];
    for (const [i, s] of live.entries()) {
      const decision = decisions[i];
      const recorded = { commandId: s.envelope.commandId, position: positions[i] };
      const httpStatus = entries[i].httpStatus;
      let body: Record<string, unknown>;
      if (decision.status === 'accepted') {
        if (s.undo) undos.push(s.undo);
        body = { ...((await s.acceptedBody?.(decision.events, state)) ?? {}), ...recorded };
      } else {
        const { code, detail } = decision.rejection;
        body = { ...problem(httpStatus, code, detail, { errors: s.fieldProblems, ...recorded }) };
      }
      outcomes.push({ ...recorded, decision, httpStatus, body });
    }
    await this.idempotency.saveReplies(
      tx,
      live.flatMap((s, i) => storedReplyOf(s.envelope, outcomes[i])),
    );
    let next = 0;
    return batch.map((_, i) => (claimed[i] ? outcomes[next++] : new DuplicateIdempotencyKey()));
  }

  /** Claims each Idempotency-Key in the transaction; a key already taken marks a twin. */
  private async claimKeys(tx: EntityManager, batch: readonly Submission[]): Promise<boolean[]> {
    const claimed: boolean[] = [];
    for (const { envelope } of batch) {
      const key = envelope.metadata.idempotencyKey;
      if (key === null) {
        claimed.push(true);
        continue;
      }
      claimed.push(
        await this.idempotency.claim(
          tx,
          idempotencyActorKey(envelope),
          key,
          envelope.commandId,
          envelope.receivedAt,
        ),
      );
    }
    return claimed;
  }
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
  return queue.splice(0, Math.max(size, 1));
}

/** A use case of one command as a port: its closures already hold the command. */
function portOf<S, E>(useCase: CommandUseCase<S, E>): DecisionPort<S, null, E> {
  return {
    load: (tx) => useCase.load(tx),
    decide: (_command, state) => useCase.decide(state),
    persist: (tx, events, state) => useCase.persist(tx, events, state),
  };
}

function lockKeysOf(batch: readonly Submission[]): string[] {
  const keys = new Set<string>();
  for (const s of batch) for (const key of s.lockKeys ?? [s.envelope.streamKey]) keys.add(key);
  return [...keys].sort();
}

/** Keys safe to inline: `<kind>:<uuid>`, the contest streams of the hot path. */
const INLINE_KEY = /^[a-z-]+:[0-9a-f-]{36}$/;

/**
 * BEGIN and the advisory locks, in one round trip when the keys can be inlined (a batch's
 * latency is mostly round trips). Locks are taken in sorted order, so two batches that share
 * streams cannot deadlock, and before anything is written, so the transaction id is drawn
 * after them: within a stream, transaction-id order and position order agree, which keeps
 * the projectors' (tx_id, position) reading order per stream (DESIGN.md invariant 6).
 */
async function beginLocked(runner: QueryRunner, keys: readonly string[]): Promise<void> {
  if (keys.every((key) => INLINE_KEY.test(key))) {
    const locks = keys.map((key) => `SELECT pg_advisory_xact_lock(hashtextextended('${key}', 0));`);
    await runner.query(`BEGIN ISOLATION LEVEL READ COMMITTED; ${locks.join(' ')}`);
    return;
  }
  await runner.query('BEGIN ISOLATION LEVEL READ COMMITTED');
  await runner.query(
    `SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k`,
    [keys],
  );
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

function storedReplyOf(
  envelope: CommandEnvelope,
  outcome: CommandOutcome<unknown>,
): { actorKey: string; key: string; reply: StoredReply }[] {
  const key = envelope.metadata.idempotencyKey;
  if (key === null) return [];
  const reply = {
    commandId: outcome.commandId,
    httpStatus: outcome.httpStatus,
    body: storable(outcome.body),
  };
  return [{ actorKey: idempotencyActorKey(envelope), key, reply }];
}
