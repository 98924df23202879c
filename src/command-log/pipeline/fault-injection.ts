import { CommandEnvelope } from '../command-envelope';

/** The request id (X-Request-Id) that asks for a crash once its command has committed. */
export const CRASH_AFTER_COMMIT = 'crash-after-commit';

/**
 * Fault injection for the crash tests, off unless the process was started with
 * FAULT_INJECTION=crash-after-commit: the process kills itself (SIGKILL, no cleanup) right
 * after committing a batch that holds a command sent with `X-Request-Id: crash-after-commit`,
 * so the reply is never sent. What the client gets on retry is what the log kept.
 */
export function crashIfAskedAfterCommit(envelopes: readonly CommandEnvelope[]): void {
  if (process.env.FAULT_INJECTION !== CRASH_AFTER_COMMIT) return;
  if (envelopes.some((envelope) => envelope.metadata.correlationId === CRASH_AFTER_COMMIT)) {
    process.kill(process.pid, 'SIGKILL');
  }
}
