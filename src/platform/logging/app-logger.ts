import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { currentCorrelationId } from './correlation';

/**
 * JSON lines through pino. Every line carries the correlation id of the request or job in
 * scope. Nothing here logs bodies or headers, so passwords and tokens cannot reach the log.
 */
export function createPino(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'contest-platform' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Lines outside any request or job (boot, timers) say so rather than carry nothing.
      mixin: () => ({ correlationId: currentCorrelationId() ?? 'process' }),
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? bufferedStdout(),
  );
}

/** How long a log line may wait in the buffer before it is written anyway. */
const FLUSH_EVERY_MS = 250;

/**
 * Standard output through an 8 KB buffer: one write for many lines instead of one per line,
 * which under load was a syscall per request (the access log). A quiet process still shows its
 * lines within FLUSH_EVERY_MS, and pino flushes what is left when the process exits.
 */
function bufferedStdout(): DestinationStream {
  const stdout = pino.destination({ sync: false, minLength: 8 * 1024 });
  const timer = setInterval(() => {
    try {
      stdout.flush();
    } catch {
      clearInterval(timer); // ended: nothing more to write
    }
  }, FLUSH_EVERY_MS);
  timer.unref();
  return stdout;
}

/** Nest's logger interface over pino. */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, context?: string): void {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    const stack = context ? stackOrContext : undefined;
    this.pino.error({ context: context ?? stackOrContext, stack }, describe(message));
  }
  warn(message: unknown, context?: string): void {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, String(message));
  }
}

function describe(message: unknown): string {
  return message instanceof Error ? `${message.name}: ${message.message}` : String(message);
}
