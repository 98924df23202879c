import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '@nestjs/common';

export const CONSOLE_PATH = '/console';

/**
 * The console's own policy: no inline script or style, nothing from another origin. Stricter
 * than the app-wide one, which lets Swagger UI at /docs run its inline script.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** dist/console, where `npm run build` (scripts/build-console.js) puts the console. */
export function consoleDirectory(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'console');
}

/**
 * Serves the staff console at /console from memory: three small files read once at start. A
 * build without the console (nest build alone) serves a 503 problem saying how to build it.
 */
export function mountConsole(fastify: FastifyInstance, logger: Logger, dir = consoleDirectory()) {
  const files = new Map<string, Buffer>();
  for (const name of Object.keys(TYPES))
    if (existsSync(join(dir, name))) files.set(name, readFileSync(join(dir, name)));
  if (files.size < Object.keys(TYPES).length)
    logger.warn(`the console is not built (${dir}): npm run build builds it`);

  const serve = (name: string) => ({
    method: 'GET' as const,
    url: name === 'index.html' ? CONSOLE_PATH : `${CONSOLE_PATH}/${name}`,
    handler: async (_request: unknown, reply: import('fastify').FastifyReply) => {
      const bytes = files.get(name);
      if (!bytes) {
        return reply.status(503).header('Retry-After', '60').type('application/problem+json').send({
          type: 'https://contest.example/problems/console-not-built',
          title: 'Service Unavailable',
          status: 503,
          code: 'CONSOLE_NOT_BUILT',
          detail: 'The console is not built on this server: run npm run build.',
        });
      }
      return reply
        .header('Content-Security-Policy', CONSOLE_CSP)
        .header('Cache-Control', 'no-cache')
        .type(TYPES[name])
        .send(bytes);
    },
  });
  for (const name of Object.keys(TYPES)) fastify.route(serve(name));
}
