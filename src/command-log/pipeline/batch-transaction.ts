import { Logger } from '@nestjs/common';
import { Decision } from '@contest/domain';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isDatabaseUnavailable } from '../../platform/database/availability';
import { scrubbedCopy } from '../../platform/http/unsafe-input';
import { oneLine } from '../../platform/logging/throttled-log';
import { CommandEnvelope } from '../command-envelope';
import { CommandLogEntry, CommandLogRepository } from '../command-log.repository';
import {
  DuplicateIdempotencyKey,
  IdempotencyStore,
  StoredReply,
} from '../idempotency/idempotency.store';
import { problem } from '../../platform/http/problem';
import { replyStatus } from '@contest/domain';
import {
  CommandOutcome,
  CommandSubmission,
  DecisionPort,
  EDGE_REFUSALS,
  idempotencyActorKey,
} from './decision-port';
import { crashIfAskedAfterCommit } from './fault-injection';

export type Submission = CommandSubmission<unknown, unknown, unknown>;

/** What a batch's transaction made of one command: its outcome, or a twin's key. */
export type BatchResult = CommandOutcome<unknown> | DuplicateIdempotencyKey;

/** More commands for a batch whose locks are held: only commands those locks cover. */
export type TopUp = (heldLocks: ReadonlySet<string>) => readonly Submission[];

/** The locks a command needs: its own keys, else its stream's. */
export function lockKeysOfOne(submission: Submission): readonly string[] {
  return submission.lockKeys ?? [submission.envelope.streamKey];
}

/**
 * One batch of one stream in one transaction: BEGIN with the stream locks, the
 * Idempotency-Key claims, one load of the state, decisions in arrival order, one multi-row
 * insert into the log, one write of the state, the replies (kept with their keys), COMMIT.
 */
export class BatchTransaction {
  private readonly logger = new Logger('commands');

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: CommandLogRepository,
    private readonly idempotency: IdempotencyStore,
  ) {}

  /**
   * One transaction for a batch; what a failed one did outside Postgres is taken back.
   * `topUp` is asked once the locks are held for more commands under the same locks: those
   * that arrived while this process waited for them (another process's batch held the stream).
   * The results cover the batch, then what was topped up, in that order.
   */
  async run(batch: readonly Submission[], topUp?: TopUp): Promise<BatchResult[]> {
    const undos: (() => Promise<void>)[] = [];
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const keys = lockKeysOf(batch);
      await beginLocked(runner, keys);
      const commands = topUp ? [...batch, ...topUp(new Set(keys))] : batch;
      try {
        const results = await this.decideIn(runner.manager, commands, undos);
        await this.commit(runner, commands);
        crashIfAskedAfterCommit(commands.map((s) => s.envelope));
        return results;
      } catch (error) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } catch (error) {
      for (const undo of undos) {
        await undo().catch((undoError: unknown) =>
          this.logger.warn(`could not take back a failed command's effect: ${oneLine(undoError)}`),
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

function lockKeysOf(batch: readonly Submission[]): string[] {
  const keys = new Set<string>();
  for (const s of batch) for (const key of lockKeysOfOne(s)) keys.add(key);
  return [...keys].sort();
}

/** Keys safe to inline: `<kind>:<uuid>`, the contest streams of the hot path. */
const INLINE_KEY = /^[a-z-]+:[0-9a-f-]{36}$/;

/**
 * BEGIN and the advisory locks, in one round trip when the keys can be inlined (a batch's
 * latency is mostly round trips). Locks are taken in sorted order, so two batches that share
 * streams cannot deadlock, and before anything is written, so the transaction id is drawn
 * after them: within a stream, transaction-id order and position order agree, which keeps
 * the projectors' (tx_id, position) reading order per stream (docs/DESIGN.md invariant 6).
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

function storedReplyOf(
  envelope: CommandEnvelope,
  outcome: CommandOutcome<unknown>,
): { actorKey: string; key: string; reply: StoredReply }[] {
  const key = envelope.metadata.idempotencyKey;
  if (key === null) return [];
  const reply = {
    commandId: outcome.commandId,
    httpStatus: outcome.httpStatus,
    body: scrubbedCopy(outcome.body) as StoredReply['body'],
  };
  return [{ actorKey: idempotencyActorKey(envelope), key, reply }];
}
