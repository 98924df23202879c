import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { currentCorrelationId } from './correlation';
import { LineBuffer } from './line-buffer';

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

/**
 * Standard output, many lines per write (line-buffer.ts): a write per line was a syscall per
 * request under load (the access log).
 */
function bufferedStdout(): DestinationStream {
  return new LineBuffer(pino.destination({ sync: false }));
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
