import { Logger } from '@nestjs/common';

export const THROTTLE_WINDOW_MS = 10_000;

interface SourceState {
  lastLoggedAt: number;
  suppressed: number;
}

const sources = new Map<string, SourceState>();

/**
 * Infrastructure errors that repeat while a dependency is down (Redis refusing connections:
 * every client, every queue and every worker retries and reports it) go out as one JSON line
 * per source and window (the source is the line's context), saying how many were left out
 * since the last one. The message is the error's first line only: a stack trace says nothing
 * about ECONNREFUSED.
 */
export function logThrottled(
  source: string,
  error: unknown,
  now = Date.now(),
  logger: Pick<Logger, 'warn'> = new Logger(source),
): boolean {
  let state = sources.get(source);
  if (!state) {
    state = { lastLoggedAt: Number.NEGATIVE_INFINITY, suppressed: 0 };
    sources.set(source, state);
  }
  if (now - state.lastLoggedAt < THROTTLE_WINDOW_MS) {
    state.suppressed += 1;
    return false;
  }
  const suppressed = state.suppressed;
  state.lastLoggedAt = now;
  state.suppressed = 0;
  const more = suppressed > 0 ? ` (${suppressed} more since the last report)` : '';
  logger.warn(`${oneLine(error)}${more}`);
  return true;
}

/** Forgets every source's window (tests). */
export function resetThrottledLog(): void {
  sources.clear();
}

/** The first line of an error's message, with its code when it has one (ECONNREFUSED). */
export function oneLine(error: unknown): string {
  // Duck-typed: errors made in another realm (a vm context, jest) are not `instanceof Error`.
  const candidate = (error as { message?: unknown } | null)?.message;
  const message = typeof candidate === 'string' ? candidate : String(error);
  const first = message.split('\n', 1)[0].trim().slice(0, 300) || 'unknown error';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !first.includes(code) ? `${code} ${first}` : first;
}
