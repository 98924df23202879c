import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export { chromiumPath, launchChromium } from '@contest/browser';

/** Where a test's screenshots go (test-artifacts/<suite>/), made if missing. */
export function artifactsDir(suite: string): string {
  const dir = join(__dirname, '..', '..', '..', '..', 'test-artifacts', suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}
