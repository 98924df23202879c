import { Inject, Injectable, Optional } from '@nestjs/common';
import { Decision, Rejection } from '@contest/domain';
import { DataSource, EntityManager } from 'typeorm';
import { CommandEnvelope, RecordedCommand } from './command-envelope';
import { CommandLogRepository } from './command-log.repository';
import { rejectionStatus } from './http/rejection-status';
import { IdempotencyStore } from './idempotency/idempotency.store';

/**
 * One command's work inside its transaction: the pipeline takes the stream locks, then calls
 * `load`, `decide` and `persist` in that order.
 */
export interface CommandUseCase<S, E> {
  /** Streams this command is ordered within (DESIGN.md invariant 5); locked before loading. */
  readonly lockKeys: readonly string[];
  load(tx: EntityManager): Promise<S>;
  decide(state: S): Decision<E>;
  /** Writes the decision-state changes of the events (accepted or not). */
  persist(tx: EntityManager, events: readonly E[], state: S): Promise<void>;
  /** The HTTP status of an accepted command (201 for creations, 200, 202, 204). */
  readonly acceptedStatus: number;
}

export interface CommandOutcome<E> extends RecordedCommand {
  readonly decision: Decision<E>;
  readonly httpStatus: number;
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

@Injectable()
export class CommandPipeline {
  constructor(
    private readonly dataSource: DataSource,
    private readonly log: CommandLogRepository,
    private readonly idempotency: IdempotencyStore,
    @Optional() @Inject(COMMIT_LISTENER) private readonly listener?: CommitListener,
  ) {}

  /**
   * Decides one command and records it: the command row, its events and the decision-state
   * changes commit together or not at all (DESIGN.md invariant 1).
   */
  async execute<S, E>(
    envelope: CommandEnvelope,
    useCase: CommandUseCase<S, E>,
  ): Promise<CommandOutcome<E>> {
    const outcome = await this.dataSource.transaction('READ COMMITTED', (tx) =>
      this.executeIn(tx, envelope, useCase),
    );
    this.listener?.afterCommit(outcome.position);
    return outcome;
  }

  /**
   * The same inside a transaction the caller owns, so that several commands of one contest
   * can later be decided and committed together (micro-batching).
   */
  async executeIn<S, E>(
    tx: EntityManager,
    envelope: CommandEnvelope,
    useCase: CommandUseCase<S, E>,
  ): Promise<CommandOutcome<E>> {
    await lockStreams(tx, useCase.lockKeys);
    await this.claimIdempotencyKey(tx, envelope);
    const state = await useCase.load(tx);
    const decision = useCase.decide(state);
    const rejection = decision.status === 'rejected' ? decision.rejection : null;
    const httpStatus = rejection ? rejectionStatus(rejection.code) : useCase.acceptedStatus;
    const position = await this.log.append(tx, {
      envelope,
      stage: 'decider',
      rejection,
      httpStatus,
      events: decision.events,
    });
    if (decision.events.length > 0) await useCase.persist(tx, decision.events, state);
    return { commandId: envelope.commandId, position, decision, httpStatus };
  }

  /** Records a command refused before any decider ran (validation, authentication, roles). */
  async recordRefusal(envelope: CommandEnvelope, rejection: Rejection, httpStatus: number) {
    const position = await this.dataSource.transaction('READ COMMITTED', async (tx) => {
      await this.claimIdempotencyKey(tx, envelope);
      return this.log.append(tx, { envelope, stage: 'edge', rejection, httpStatus, events: [] });
    });
    this.listener?.afterCommit(position);
    return { commandId: envelope.commandId, position };
  }

  private async claimIdempotencyKey(tx: EntityManager, envelope: CommandEnvelope): Promise<void> {
    const key = envelope.metadata.idempotencyKey;
    if (key === null) return;
    await this.idempotency.claim(
      tx,
      idempotencyActorKey(envelope),
      key,
      envelope.commandId,
      envelope.receivedAt,
    );
  }
}

/**
 * Transaction-scoped advisory locks, always in sorted order so two commands that share
 * streams cannot deadlock. They are taken before the transaction writes anything, so its id
 * (pg_current_xact_id) is assigned after the lock: within a stream, transaction-id order and
 * position order agree, which keeps projectors' (tx_id, position) reading order per stream.
 */
async function lockStreams(tx: EntityManager, keys: readonly string[]): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return;
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k`,
    [sorted],
  );
}
