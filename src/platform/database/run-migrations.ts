import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { ConfigError, loadConfig } from '../config/app-config';

/** An arbitrary constant: the advisory lock that lets only one process migrate at a time. */
const MIGRATION_LOCK = 7_262_026;

export function createDataSource(databaseUrl: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    entities: [],
    extra: {
      max: poolSize,
      application_name: 'contest-platform',
      // Every query here is short or streams in pages; JIT compiling one whose cost the
      // planner overestimates adds tens of milliseconds and saves nothing.
      options: '-c jit=off',
    },
  });
}

/**
 * Applies pending migrations; safe when several instances start at once. Holds one connection
 * for the lock, so the data source needs a pool of at least two.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const dataSource = await createDataSource(config.databaseUrl, 2).initialize();
  const applied = await runMigrations(dataSource);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
  await dataSource.destroy();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(
      error instanceof ConfigError ? error.message : `migration failed: ${String(error)}`,
    );
    process.exit(1);
  });
}
