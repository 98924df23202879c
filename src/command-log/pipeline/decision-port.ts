import { Decision } from '@contest/domain';
import { EntityManager } from 'typeorm';
import { CommandEnvelope } from '../command-envelope';
import { RecordedCommand } from '../../platform/http/request-context';
import { FieldProblem } from '../../platform/http/problem';

/**
 * What a module gives the command pipeline to decide its commands with. The pipeline owns the
 * transaction, the stream locks, idempotency, the log rows and the replies; the port owns the
 * decision state.
 */
export interface DecisionPort<S, C, E> {
  /** The state every command of a batch needs, loaded once. */
  load(tx: EntityManager, commands: readonly C[]): Promise<S>;
  /** Decides one command, leaving `state` as the next command of the batch must see it. */
  decide(command: C, state: S): Decision<E>;
  /** Writes the decision-state changes of the batch's events (accepted or not). */
  persist(tx: EntityManager, events: readonly E[], state: S): Promise<void>;
}

/** One command on its way into the log. */
export interface CommandSubmission<S = unknown, C = unknown, E = unknown> {
  readonly envelope: CommandEnvelope;
  readonly port: DecisionPort<S, C, E>;
  readonly command: C;
  /** Advisory locks the command is ordered by; the envelope's stream when absent. */
  readonly lockKeys?: readonly string[];
  /**
   * The fields of the accepted reply besides commandId and position, made inside the
   * transaction so a retry of the same Idempotency-Key gets them too. A login opens its
   * session here, before the commit.
   */
  acceptedBody?(events: readonly E[], state: S): object | Promise<object>;
  /** Takes back what `acceptedBody` did outside Postgres when the transaction did not commit. */
  undo?(): Promise<void>;
  /** The status of a refusal made before any decider ran (the edge knows it best). */
  readonly refusalStatus?: number;
  /** Field problems of a refusal, for the problem reply. */
  readonly fieldProblems?: readonly FieldProblem[];
}

/**
 * The port of commands refused before any decider ran (validation, authentication, an
 * outage): no state, and the decision is the refusal itself.
 */
export const EDGE_REFUSALS: DecisionPort<null, Decision<never>, never> = {
  load: async () => null,
  decide: (refusal) => refusal,
  persist: async () => undefined,
};

/** What became of a submitted command, with the reply its sender gets. */
export interface CommandOutcome<E> extends RecordedCommand {
  readonly decision: Decision<E>;
  readonly httpStatus: number;
  /** The reply as the client gets it, kept in the same transaction for a repeated key. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** The actor key idempotency replies are scoped by: the user, else the client address. */
export function idempotencyActorKey(envelope: CommandEnvelope): string {
  return envelope.actorId ?? `anonymous:${envelope.metadata.clientAddress ?? 'unknown'}`;
}
