import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { projectionLags } from '../../projections/runtime/projection-lag';
import { ProjectionRunner } from '../../projections/runtime/projection-runner';
import { Projector } from '../../projections/runtime/projector';

const CAUGHT_UP = 1_000;

/**
 * Rebuilds a view beside the live one: copies of its tables (and a checkpoint of their own)
 * in a schema of their own are filled from position 0 while the live view keeps serving and
 * projecting; once caught up, the live runner is locked out, the last rows applied, and the
 * tables swapped in one transaction. Readers see the old version or the new, never a half.
 */
@Injectable()
export class ProjectionRebuilder {
  private readonly logger = new Logger('projections');

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ProjectionRunner,
  ) {}

  /** Runs in the rebuild job (RebuildProcessor), one at a time per view. */
  async rebuild(live: Projector): Promise<{ version: number }> {
    const schema = `rebuild_${live.name.replace(/-/g, '_')}`;
    // A fresh projector: its in-memory caches must not mix with the live one's.
    const shadow = new (live.constructor as new () => Projector)();
    try {
      const version = await this.prepare(live, schema);
      const options = { schema, batchSize: 5_000, maxAttempts: 3, backoffMs: 50 };
      const catchUp = async () => {
        // A halted shadow would never catch up: give up, and the live version stays.
        if ((await this.runner.catchUp(shadow, options)).halted) {
          const [{ last_error }] = await this.dataSource.query(
            `SELECT last_error FROM ${schema}.projection_checkpoints`,
          );
          throw new Error(`the new version halted at a poison row: ${last_error}`);
        }
      };
      do await catchUp();
      while ((await this.lag(schema, live.name)) >= CAUGHT_UP);
      await this.dataSource.transaction('READ COMMITTED', async (tx) => {
        // The live runner waits from here: nothing is applied to the old tables any more.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
          `projection:${live.name}`,
        ]);
        await catchUp();
        for (const table of live.tables) {
          const names = await indexNames(tx, `public.${table}`);
          await tx.query(`DROP TABLE public.${table}`);
          await tx.query(`ALTER TABLE ${schema}.${table} SET SCHEMA public`);
          await adoptIndexNames(tx, table, names);
        }
        await tx.query(
          `UPDATE public.projection_checkpoints p
           SET version = s.version, last_tx_id = s.last_tx_id, last_position = s.last_position,
               high_position = s.high_position, applied_count = s.applied_count, status = 'running',
               last_error = NULL, updated_at = now()
           FROM ${schema}.projection_checkpoints s WHERE p.projection = s.projection`,
        );
        // Rows the new version parked (under `skip`) stay on record for admins to retry.
        await tx.query(
          `INSERT INTO public.projection_dead_letters
             (projection, position, tx_id, command_id, error, stack, attempts, status, parked_at, resolved_at)
           SELECT projection, position, tx_id, command_id, error, stack, attempts, status, parked_at, resolved_at
           FROM ${schema}.projection_dead_letters
           ON CONFLICT (projection, position) DO UPDATE
             SET error = EXCLUDED.error, stack = EXCLUDED.stack, attempts = EXCLUDED.attempts,
                 status = EXCLUDED.status, parked_at = EXCLUDED.parked_at, resolved_at = EXCLUDED.resolved_at`,
        );
        await tx.query(`DROP SCHEMA ${schema} CASCADE`);
      });
      this.logger.log(`${live.name}: rebuilt as version ${version} and switched over`);
      return { version };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`${live.name}: rebuild failed, the live version stays (${reason})`);
      await this.dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      // Admins read why in GET /admin/projections.
      await this.dataSource
        .query(
          `UPDATE projection_checkpoints SET status = 'running', last_error = $2
           WHERE projection = $1 AND status = 'rebuilding'`,
          [live.name, `rebuild failed: ${reason}`.slice(0, 2000)],
        )
        .catch(() => undefined);
      throw error;
    }
  }

  private async prepare(live: Projector, schema: string): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await tx.query(`CREATE SCHEMA ${schema}`);
      for (const table of [...live.tables, 'projection_checkpoints', 'projection_dead_letters']) {
        await tx.query(`CREATE TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL)`);
      }
      // The live checkpoint says `rebuilding` already: the rebuild command set it when logged.
      const [{ version }] = await tx.query(
        `SELECT version FROM public.projection_checkpoints WHERE projection = $1`,
        [live.name],
      );
      await tx.query(
        `INSERT INTO ${schema}.projection_checkpoints (projection, version) VALUES ($1, $2)`,
        [live.name, version + 1],
      );
      return version + 1;
    });
  }

  private async lag(schema: string, name: string): Promise<number> {
    const lags = await projectionLags(this.dataSource, CAUGHT_UP, schema);
    return lags.find((l) => l.projection === name)?.lag ?? 0;
  }
}

/** A table's index names by definition, the name and the table left out. */
async function indexNames(tx: EntityManager, table: string): Promise<Map<string, string>> {
  const rows: { name: string; definition: string }[] = await tx.query(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = $1::regclass`,
    [table],
  );
  return new Map(rows.map((r) => [shapeOf(r.definition), r.name]));
}

/**
 * The copies of a view's tables got generated index names (CREATE TABLE … LIKE); once they are
 * the live tables, their indexes take the names the migrations gave, so a later migration that
 * names an index finds it. Renaming the index of a primary key renames the constraint too.
 */
async function adoptIndexNames(
  tx: EntityManager,
  table: string,
  names: ReadonlyMap<string, string>,
): Promise<void> {
  for (const [shape, current] of await indexNames(tx, `public.${table}`)) {
    const name = names.get(shape);
    if (name && name !== current)
      await tx.query(`ALTER INDEX public."${current}" RENAME TO "${name}"`);
  }
}

function shapeOf(definition: string): string {
  return definition.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+ /, 'CREATE $1INDEX ON ');
}
