import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { logHead } from '../../command-log/log-reader';
import { projectionLags } from '../../projections/runtime/projection-lag';

/** Lag past this is reported as this: an exact count would scan the log. */
const LAG_CAP = 1_000_000;

interface CheckpointRow {
  projection: string;
  version: number;
  high_position: string;
  status: string;
  last_error: string | null;
  dead: number;
}

/** Where one projection stands, as admins see it. */
export interface ProjectionStatus {
  name: string;
  version: number;
  checkpoint: number;
  head: number;
  lag: number;
  status: string;
  /** Its rows still parked. */
  deadLetters: number;
  lastError: string | null;
}

/** Reads the projections' checkpoints, the log's head and their lag behind it. */
@Injectable()
export class ProjectionsAdminReader {
  constructor(private readonly dataSource: DataSource) {}

  async all(): Promise<ProjectionStatus[]> {
    const rows: CheckpointRow[] = await this.dataSource.query(
      `SELECT p.projection, p.version, p.high_position, p.status, p.last_error,
                (SELECT count(*) FROM projection_dead_letters d WHERE d.projection = p.projection AND d.status = 'parked')::int AS dead
         FROM projection_checkpoints p ORDER BY p.projection`,
    );
    const head = await logHead(this.dataSource.manager);
    const lags = new Map(
      (await projectionLags(this.dataSource, LAG_CAP)).map((l) => [l.projection, l.lag]),
    );
    return rows.map((r) => ({
      name: r.projection,
      version: r.version,
      checkpoint: Number(r.high_position),
      head,
      lag: lags.get(r.projection) ?? 0,
      status: r.status,
      deadLetters: r.dead,
      lastError: r.last_error,
    }));
  }
}
