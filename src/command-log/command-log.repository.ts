import { Injectable } from '@nestjs/common';
import { Rejection } from '@contest/domain';
import { EntityManager } from 'typeorm';
import { CommandEnvelope } from './command-envelope';
import { commandsTotal } from '../platform/metrics/metrics';
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
  /**
   * Appends many rows with one statement (group commit); returns their positions in order.
   * Positions follow the order of `entries`: the identity is drawn as rows are inserted.
   */
  async appendMany(tx: EntityManager, entries: readonly CommandLogEntry[]): Promise<number[]> {
    if (entries.length === 0) return [];
    const column = <T>(pick: (entry: CommandLogEntry) => T) => entries.map(pick);
    const rows: { command_id: string; position: string }[] = await tx.query(
      `INSERT INTO command_log
         (command_id, type, actor_id, stream_key, payload, metadata, received_at,
          status, rejection_code, rejection_detail, http_status, events)
       SELECT command_id, type, actor_id, stream_key, payload, metadata, received_at,
              status, rejection_code, rejection_detail, http_status, events
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[],
                   $7::timestamptz[], $8::text[], $9::text[], $10::text[], $11::smallint[], $12::jsonb[])
         WITH ORDINALITY AS r(command_id, type, actor_id, stream_key, payload, metadata, received_at,
                              status, rejection_code, rejection_detail, http_status, events, n)
       ORDER BY n
       RETURNING command_id, position`,
      [
        column((e) => e.envelope.commandId),
        column((e) => e.envelope.type),
        column((e) => e.envelope.actorId),
        column((e) => e.envelope.streamKey),
        column((e) => JSON.stringify(redact(e.envelope.payload))),
        column((e) => JSON.stringify({ ...e.envelope.metadata, stage: e.stage })),
        column((e) => e.envelope.receivedAt),
        column((e) => (e.rejection ? 'rejected' : 'accepted')),
        column((e) => e.rejection?.code ?? null),
        column((e) => e.rejection?.detail ?? null),
        column((e) => e.httpStatus),
        column((e) => JSON.stringify(e.events)),
      ],
    );
    for (const e of entries)
      commandsTotal.inc({ type: e.envelope.type, status: e.rejection ? 'rejected' : 'accepted' });
    const positions = new Map(rows.map((row) => [row.command_id, Number(row.position)]));
    return entries.map((e) => positions.get(e.envelope.commandId)!);
  }

  async append(tx: EntityManager, entry: CommandLogEntry): Promise<number> {
    const [position] = await this.appendMany(tx, [entry]);
    return position;
  }
}
