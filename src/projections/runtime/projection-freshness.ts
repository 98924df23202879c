import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { CommandRefusal } from '../../platform/http/refusal';

export interface ViewFreshness {
  /** The largest log position the view has applied: X-Projection-Position. */
  readonly position: number;
  /**
   * Where the projector is in its reading order, (tx_id, position), as a string that sorts the
   * same way. Every applied row moves it; `position` does not move for a row committed late
   * with a smaller position, so a cache of what the view holds is keyed by this.
   */
  readonly cursor: string;
}

/** A reading-order place as a string that sorts like (tx_id, position): both zero-padded. */
export function readingOrder(txId: string | number, position: string | number): string {
  return `${String(txId).padStart(20, '0')}:${String(position).padStart(20, '0')}`;
}

const POLL_MS = 15;

/** How old a position `latest()` answers may be: one read of the checkpoint per window. */
const LATEST_WINDOW_MS = 20;
/** How old it may be while the next read is in flight (a slow database): then it waits. */
const LATEST_STALE_MS = 250;

interface LatestRead {
  /** The last place read (as a settled promise, handed to every request as it is). */
  known: Promise<ViewFreshness> | null;
  readAt: number;
  next: Promise<ViewFreshness> | null;
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
  latest(projection: string): Promise<ViewFreshness> {
    const now = Date.now();
    let read = this.latestReads.get(projection);
    if (!read) this.latestReads.set(projection, (read = { known: null, readAt: 0, next: null }));
    if (read.known !== null && now - read.readAt < LATEST_WINDOW_MS) return read.known;
    const next = read.next ?? this.readLatest(projection, read, now);
    if (read.known !== null && now - read.readAt < LATEST_STALE_MS) return read.known;
    return next;
  }

  private readLatest(
    projection: string,
    read: LatestRead,
    startedAt: number,
  ): Promise<ViewFreshness> {
    const position = this.check(projection, 0).then(({ position, cursor }) => ({
      position,
      cursor,
    }));
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
      if (state.reached) return { position: state.position, cursor: state.cursor };
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
  ): Promise<{ reached: boolean } & ViewFreshness> {
    const rows: {
      high_position: string;
      last_tx_id: string;
      last_position: string;
      reached: boolean | null;
    }[] = await this.dataSource.query(
      `SELECT p.high_position, p.last_tx_id::text AS last_tx_id, p.last_position,
              CASE WHEN $2::bigint <= 0 THEN true
                   ELSE (SELECT (c.tx_id, c.position) <= (p.last_tx_id, p.last_position)
                         FROM command_log c WHERE c.position = $2::bigint)
              END AS reached
       FROM projection_checkpoints p WHERE p.projection = $1`,
      [projection, minPosition],
    );
    if (rows.length === 0) return { reached: false, position: 0, cursor: readingOrder(0, 0) };
    const [row] = rows;
    // No row at that position yet (or ever, for an aborted one) counts as not reached.
    return {
      reached: row.reached === true,
      position: Number(row.high_position),
      cursor: readingOrder(row.last_tx_id, row.last_position),
    };
  }
}
