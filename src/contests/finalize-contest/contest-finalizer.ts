import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ContestEvent } from '@contest/domain';
import { DataSource } from 'typeorm';
import { CommandOutcome } from '../../command-log/command-pipeline';
import { envelopeOfCommand } from '../../command-log/command-envelope';
import { DecideContestCommand } from '../decide-contest.handler';
import { historyImportRunning } from './history-import';

/**
 * How long past its close a contest is left to its delayed job before the sweep takes it: the
 * sweep covers lost jobs, and a job that is merely late (a busy worker) should still be the one
 * that finalizes.
 */
const SWEEP_GRACE_MS = 3_000;

/** Issues FinalizeContest, a command of `system`, for contests whose voting has closed. */
@Injectable()
export class ContestFinalizer {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Contests more than SWEEP_GRACE_MS past votingClosesAt and not closed yet, oldest first; none
   * while a history is being written (history-import.ts), which may still hold their in-time
   * commands.
   */
  async due(limit = 100): Promise<string[]> {
    if (await this.historyImportRunning()) return [];
    const rows: { contest_id: string }[] = await this.dataSource.query(
      `SELECT contest_id FROM contests
       WHERE closed_at IS NULL AND voting_closes_at <= now() - make_interval(secs => $2)
       ORDER BY voting_closes_at LIMIT $1`,
      [limit, SWEEP_GRACE_MS / 1000],
    );
    return rows.map((row) => row.contest_id);
  }

  historyImportRunning(): Promise<boolean> {
    return historyImportRunning(this.dataSource.manager);
  }

  async finalize(
    contestId: string,
    causationId: string | null = null,
  ): Promise<CommandOutcome<ContestEvent>> {
    const command = { type: 'FinalizeContest', receivedAt: new Date(), contestId } as const;
    const envelope = envelopeOfCommand(command, {
      streamKey: `contest:${contestId}`,
      source: 'contest-finalizer',
      causationId,
    });
    return this.commandBus.execute(new DecideContestCommand(envelope, command));
  }
}
