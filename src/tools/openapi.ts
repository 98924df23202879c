import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { loadConfig } from '../platform/config/app-config';
import { buildApiDocument } from '../platform/http/contract/api-document';

/**
 * Writes the contract to openapi.json (or the path given), as `npm run build` does: the app's
 * modules are read in preview mode, so nothing connects to Postgres or Redis.
 */
export async function writeOpenApi(path: string): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forConfig(loadConfig({ DATABASE_URL: 'postgres://contract@localhost/contract' })),
    new FastifyAdapter(),
    { preview: true, logger: false },
  );
  writeFileSync(path, `${JSON.stringify(buildApiDocument(app), null, 2)}\n`);
  await app.close();
}

if (require.main === module) {
  const path = process.argv[2] ?? join(__dirname, '..', '..', '..', 'openapi.json');
  writeOpenApi(path).then(
    () => console.log(`contract written to ${path}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
