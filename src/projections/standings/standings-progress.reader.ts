import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ContestProgress } from './standings-audience';

/** The standings view as the live streams check it: where it is, and where each contest is. */
export interface StandingsProgress {
  /** The view's position (high_position): the `position` of the pages built from this read. */
  readonly position: number;
  /** The checkpoint's version: a rebuild swaps in the next one. */
  readonly version: number;
  readonly contests: ReadonlyMap<string, ContestProgress>;
}

interface ProgressRow {
  high_position: string;
  version: number;
  contest_id: string | null;
  last_position: string | null;
  final: boolean | null;
}

/** Reads the standings checkpoint and view_standings_contests together, in one statement. */
@Injectable()
export class StandingsProgressReader {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One statement, so one snapshot: the contests' positions are those of the view at the
   * position it reports (the projector writes both in one transaction). A contest the view
   * does not hold is missing from the map.
   */
  async progress(contestIds: readonly string[]): Promise<StandingsProgress> {
    const rows: ProgressRow[] = await this.dataSource.query(
      `SELECT p.high_position, p.version, c.contest_id, c.last_position, c.final
       FROM projection_checkpoints p
       LEFT JOIN view_standings_contests c ON c.contest_id = ANY($1::uuid[])
       WHERE p.projection = 'standings'`,
      [contestIds],
    );
    const contests = new Map<string, ContestProgress>();
    for (const row of rows) {
      if (row.contest_id === null) continue;
      contests.set(row.contest_id, {
        position: Number(row.last_position),
        final: row.final === true,
      });
    }
    return {
      position: rows.length > 0 ? Number(rows[0].high_position) : 0,
      version: rows.length > 0 ? rows[0].version : 0,
      contests,
    };
  }
}
