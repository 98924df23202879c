import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { CommandRefusal } from '../../platform/http/refusal';

export interface ViewFreshness {
  /** The largest log position the view has applied: X-Projection-Position. */
  readonly position: number;
}

const POLL_MS = 15;

/** How old a position `latest()` answers may be: one read of the checkpoint per window. */
const LATEST_WINDOW_MS = 20;

/**
 * Read-your-writes for views (docs/API.md `minPosition`): waits until the projection has applied
 * the row at that position, or answers PROJECTION_BEHIND. Positions are compared in the
 * order projectors read, (tx_id, position), not by number alone.
 */
@Injectable()
export class ProjectionFreshness {
  private readonly latestReads = new Map<string, { at: number; position: Promise<number> }>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The position a view has applied, at most LATEST_WINDOW_MS old: however many requests ask,
   * one query per window and projection reads it (hot reads validate their cached pages by it).
   */
  latest(projection: string): Promise<number> {
    const now = Date.now();
    const read = this.latestReads.get(projection);
    if (read && now - read.at < LATEST_WINDOW_MS) return read.position;
    const position = this.check(projection, 0).then((state) => state.position);
    this.latestReads.set(projection, { at: now, position });
    // A failed read is not kept: the next request tries again.
    position.catch(() => {
      if (this.latestReads.get(projection)?.position === position)
        this.latestReads.delete(projection);
    });
    return position;
  }

  /**
   * What every view read does first: waits for `minPosition` (ViewReadQuery) and stamps the
   * reply with the position the view answers at.
   */
  async stamp(
    reply: FastifyReply,
    projection: string,
    query: { readonly minPosition?: number; readonly waitMs?: number },
  ): Promise<number> {
    const { position } = await this.awaitPosition(projection, query.minPosition, query.waitMs);
    reply.header('X-Projection-Position', String(position));
    return position;
  }

  async awaitPosition(
    projection: string,
    minPosition: number | undefined,
    waitMs = 1000,
  ): Promise<ViewFreshness> {
    const deadline = Date.now() + Math.min(Math.max(waitMs, 0), 5000);
    for (;;) {
      const state = await this.check(projection, minPosition ?? 0);
      if (state.reached) return { position: state.position };
      if (Date.now() >= deadline) {
        throw new CommandRefusal(
          'PROJECTION_BEHIND',
          `The ${projection} view has not reached position ${minPosition} yet (it is at ${state.position}); retry shortly.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async check(
    projection: string,
    minPosition: number,
  ): Promise<{ reached: boolean; position: number }> {
    const rows: { high_position: string; reached: boolean | null }[] = await this.dataSource.query(
      `SELECT p.high_position,
              CASE WHEN $2::bigint <= 0 THEN true
                   ELSE (SELECT (c.tx_id, c.position) <= (p.last_tx_id, p.last_position)
                         FROM command_log c WHERE c.position = $2::bigint)
              END AS reached
       FROM projection_checkpoints p WHERE p.projection = $1`,
      [projection, minPosition],
    );
    if (rows.length === 0) return { reached: false, position: 0 };
    // No row at that position yet (or ever, for an aborted one) counts as not reached.
    return { reached: rows[0].reached === true, position: Number(rows[0].high_position) };
  }
}
