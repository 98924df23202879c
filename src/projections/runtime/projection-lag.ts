import { DataSource } from 'typeorm';

export interface ProjectionLag {
  readonly projection: string;
  readonly status: string;
  /** Log rows after the checkpoint, counted up to the cap the caller chose. */
  readonly lag: number;
}

/**
 * How far behind each projection is. Counting stops at `cap`: beyond it the exact figure
 * costs a scan of the log and tells an operator nothing more. `schema` reads a rebuild's
 * own checkpoints instead of the live ones.
 */
export async function projectionLags(
  dataSource: DataSource,
  cap: number,
  schema = 'public',
): Promise<ProjectionLag[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const rows: { projection: string; status: string; lag: number }[] = await dataSource.query(
    `SELECT p.projection, p.status,
            (SELECT count(*) FROM (SELECT 1 FROM public.command_log c
               WHERE (c.tx_id, c.position) > (p.last_tx_id, p.last_position) LIMIT $1) behind)::int AS lag
     FROM ${schema}.projection_checkpoints p ORDER BY p.projection`,
    [cap],
  );
  return rows;
}
