import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ContestEvent } from '@contest/domain';
import { DataSource } from 'typeorm';
import { CommandOutcome } from '../../command-log/command-pipeline';
import { envelopeOfCommand } from '../../command-log/command-envelope';
import { DecideContestCommand } from '../decide-contest.handler';
import { historyImportRunning } from './history-import';

/** Issues FinalizeContest, a command of `system`, for contests whose voting has closed. */
@Injectable()
export class ContestFinalizer {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Contests past votingClosesAt and not closed yet, oldest first; none while a history is
   * being written (history-import.ts), which may still hold their in-time commands.
   */
  async due(limit = 100): Promise<string[]> {
    if (await this.historyImportRunning()) return [];
    const rows: { contest_id: string }[] = await this.dataSource.query(
      `SELECT contest_id FROM contests WHERE closed_at IS NULL AND voting_closes_at <= now()
       ORDER BY voting_closes_at LIMIT $1`,
      [limit],
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
