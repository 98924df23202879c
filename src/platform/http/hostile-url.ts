import type { IncomingMessage } from 'node:http';
import { CommandRefusal } from './refusal';

/** Longer URLs get 414; Node's own header limit (16 KiB, request line included) stops the rest. */
export const MAX_URL_LENGTH = 4096;

const urlProblems = new WeakMap<IncomingMessage, CommandRefusal>();

/**
 * Fastify's `rewriteUrl`, run before routing. A path that is not valid percent-encoded UTF-8
 * would make the router answer by itself, before any hook, so nothing would log it; instead
 * its `%` signs are escaped so it routes as the literal text it is, and the request is marked
 * to be refused (and logged) once the hooks that know its sender have run.
 */
export function rewriteHostileUrl(request: IncomingMessage): string {
  const url = request.url ?? '/';
  if (url.length > MAX_URL_LENGTH) {
    urlProblems.set(
      request,
      new CommandRefusal('URI_TOO_LONG', `The URL is longer than ${MAX_URL_LENGTH} characters.`, [
        { path: 'url', message: `the URL must be at most ${MAX_URL_LENGTH} characters` },
      ]),
    );
  }
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  try {
    decodeURI(path);
    return url;
  } catch {
    if (!urlProblems.has(request))
      urlProblems.set(
        request,
        new CommandRefusal('VALIDATION_FAILED', 'The URL path is not valid percent-encoding.', [
          { path: 'url', message: 'the path is not valid percent-encoded UTF-8' },
        ]),
      );
    return path.replace(/%/g, '%25') + (end === -1 ? '' : url.slice(end));
  }
}

/** The refusal `rewriteHostileUrl` marked this request for, if any. */
export function urlProblemOf(request: IncomingMessage): CommandRefusal | undefined {
  return urlProblems.get(request);
}
