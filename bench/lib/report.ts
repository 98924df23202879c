import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchBackend } from './server';

/** Prints a benchmark's figures and writes them to bench/results/<name>-<time>.json. */
export function report(name: string, figures: Record<string, unknown>): void {
  const result = {
    benchmark: name,
    at: new Date().toISOString(),
    node: process.version,
    backend: benchBackend(),
    ...figures,
  };
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${result.backend}-${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\nwritten to ${file}\n`);
}
