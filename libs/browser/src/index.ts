import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (apt-get install chromium; .ci/run installs it when missing): browsers
 * cannot be downloaded here, so Playwright drives the system's. CHROMIUM_PATH wins. Shared by
 * the console's browser tests and its first-paint benchmark.
 */
export function chromiumPath(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ].filter((path): path is string => Boolean(path));
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new Error(
      `no Chromium found (looked at ${candidates.join(', ')}): apt-get install chromium, or set CHROMIUM_PATH`,
    );
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // Root in a container has no user namespaces for Chromium's sandbox; /dev/shm is small.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}
