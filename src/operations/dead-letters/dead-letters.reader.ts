import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export const DEAD_LETTER_STATUSES = ['parked', 'retried', 'skipped'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

interface DeadLetterRow {
  id: string;
  projection: string;
  position: string;
  command_id: string;
  error: string;
  attempts: number;
  status: DeadLetterStatus;
  parked_at: Date;
  resolved_at: Date | null;
}

/** A log row a projector parked, with its error and what admins made of it. */
export interface DeadLetter {
  id: number;
  projection: string;
  position: number;
  commandId: string;
  error: string;
  attempts: number;
  status: DeadLetterStatus;
  parkedAt: string;
  resolvedAt: string | null;
}

/** Reads the parked rows (projection_dead_letters). */
@Injectable()
export class DeadLettersReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first; every status when `status` is null. */
  async list(status: DeadLetterStatus | null): Promise<DeadLetter[]> {
    const rows: DeadLetterRow[] = await this.dataSource.query(
      `SELECT * FROM projection_dead_letters WHERE ($1::text IS NULL OR status = $1) ORDER BY id`,
      [status],
    );
    return rows.map(toDeadLetter);
  }
}

/** One dead letter, read with `manager` (inside a command's transaction, or not). */
export async function deadLetterById(
  manager: EntityManager,
  id: number,
): Promise<DeadLetter | null> {
  const [row]: DeadLetterRow[] = await manager.query(
    `SELECT * FROM projection_dead_letters WHERE id = $1`,
    [id],
  );
  return row ? toDeadLetter(row) : null;
}

function toDeadLetter(r: DeadLetterRow): DeadLetter {
  return {
    id: Number(r.id),
    projection: r.projection,
    position: Number(r.position),
    commandId: r.command_id,
    error: r.error,
    attempts: r.attempts,
    status: r.status,
    parkedAt: r.parked_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
  };
}
