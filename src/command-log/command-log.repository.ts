import { Injectable } from '@nestjs/common';
import { Rejection } from '@contest/domain';
import { EntityManager } from 'typeorm';
import { CommandEnvelope } from './command-envelope';
import { redact } from './redaction';

/** Where a command was decided: refused at the edge, or by its decider (replays re-decide those). */
export type DecisionStage = 'edge' | 'decider';

export interface CommandLogEntry {
  readonly envelope: CommandEnvelope;
  readonly stage: DecisionStage;
  readonly rejection: Rejection | null;
  readonly httpStatus: number;
  readonly events: readonly unknown[];
}

/** Appends rows to the command log. The one place log rows are built, so redaction is here. */
@Injectable()
export class CommandLogRepository {
  async append(tx: EntityManager, entry: CommandLogEntry): Promise<number> {
    const { envelope, rejection } = entry;
    const rows: { position: string }[] = await tx.query(
      `INSERT INTO command_log
         (command_id, type, actor_id, stream_key, payload, metadata, received_at,
          status, rejection_code, rejection_detail, http_status, events)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING position`,
      [
        envelope.commandId,
        envelope.type,
        envelope.actorId,
        envelope.streamKey,
        JSON.stringify(redact(envelope.payload)),
        JSON.stringify({ ...envelope.metadata, stage: entry.stage }),
        envelope.receivedAt,
        rejection ? 'rejected' : 'accepted',
        rejection?.code ?? null,
        rejection?.detail ?? null,
        entry.httpStatus,
        JSON.stringify(entry.events),
      ],
    );
    return Number(rows[0].position);
  }
}
