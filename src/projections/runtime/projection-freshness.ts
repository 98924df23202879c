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
/** How old it may be while the next read is in flight (a slow database): then it waits. */
const LATEST_STALE_MS = 250;

interface LatestRead {
  /** The last position read (as a settled promise, handed to every request as it is). */
  known: Promise<number> | null;
  readAt: number;
  next: Promise<number> | null;
}

/**
 * Read-your-writes for views (docs/API.md `minPosition`): waits until the projection has applied
 * the row at that position, or answers PROJECTION_BEHIND. Positions are compared in the
 * order projectors read, (tx_id, position), not by number alone.
 */
@Injectable()
export class ProjectionFreshness {
  private readonly latestReads = new Map<string, LatestRead>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The position a view has applied, read at most LATEST_WINDOW_MS ago: however many requests
   * ask, one query per window and projection reads it (hot reads validate their cached pages
   * by it). While the next read is in flight, requests get the last position read, up to
   * LATEST_STALE_MS old, rather than wait for the database: a hot read never waits on it.
   */
  latest(projection: string): Promise<number> {
    const now = Date.now();
    let read = this.latestReads.get(projection);
    if (!read) this.latestReads.set(projection, (read = { known: null, readAt: 0, next: null }));
    if (read.known !== null && now - read.readAt < LATEST_WINDOW_MS) return read.known;
    const next = read.next ?? this.readLatest(projection, read, now);
    if (read.known !== null && now - read.readAt < LATEST_STALE_MS) return read.known;
    return next;
  }

  private readLatest(projection: string, read: LatestRead, startedAt: number): Promise<number> {
    const position = this.check(projection, 0).then((state) => state.position);
    read.next = position;
    position.then(
      (applied) => {
        read.known = Promise.resolve(applied);
        read.readAt = startedAt;
        read.next = null;
      },
      // A failed read is not kept: the next request tries again.
      () => (read.next = null),
    );
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
