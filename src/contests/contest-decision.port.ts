import { Injectable } from '@nestjs/common';
import {
  ContestCommand,
  ContestEvent,
  ContestState,
  Decision,
  decideContest,
  evolveContest,
} from '@contest/domain';
import { EntityManager } from 'typeorm';
import { DecisionPort } from '../command-log/pipeline/decision-port';
import { ContestStateKeys, ContestStateRepository } from './contest-state.repository';

/** A contest command with the slice of state it needs, its contest already found. */
export interface ContestDecisionInput {
  readonly command: ContestCommand;
  readonly contestId: string | undefined;
  readonly keys: ContestStateKeys;
}

/**
 * The contests' side of the command pipeline: a batch of one contest's commands is decided
 * against the union of their slices, loaded in one round trip, each command seeing the
 * effects of the ones before it; the state is written once for the batch.
 */
@Injectable()
export class ContestDecisionPort implements DecisionPort<
  ContestState,
  ContestDecisionInput,
  ContestEvent
> {
  constructor(private readonly state: ContestStateRepository) {}

  load(tx: EntityManager, inputs: readonly ContestDecisionInput[]): Promise<ContestState> {
    // A batch is one stream, so one contest (or one entry not found yet).
    const contestId = inputs.find((input) => input.contestId)?.contestId;
    return this.state.loadMany(
      tx,
      contestId,
      inputs.map((input) => input.keys),
    );
  }

  decide(input: ContestDecisionInput, state: ContestState): Decision<ContestEvent> {
    const decision = decideContest(input.command, state);
    for (const event of decision.events) evolveContest(state, event);
    return decision;
  }

  persist(tx: EntityManager, events: readonly ContestEvent[], state: ContestState): Promise<void> {
    return this.state.saveBatch(tx, events, state);
  }
}
