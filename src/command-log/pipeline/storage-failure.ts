import { RejectionCode } from '@contest/domain';
import { scrubbedCopy, scrubText } from '../../platform/http/unsafe-input';
import { CommandEnvelope } from '../command-envelope';

/**
 * A service a command needs besides Postgres is down (the session store for a login): the
 * command is refused with this code and 503, and that refusal is logged.
 */
export class ServiceUnavailable extends Error {
  constructor(
    readonly code: Extract<RejectionCode, 'SESSION_STORE_UNAVAILABLE' | 'SHUTTING_DOWN'>,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/**
 * The envelope of a command Postgres refused as it was sent, in a form it accepts: NUL and
 * lone surrogates become U+FFFD (the edge's scrubbing), the time stays a time.
 */
export function storableEnvelope(envelope: CommandEnvelope): CommandEnvelope {
  return {
    ...envelope,
    type: scrubText(envelope.type),
    streamKey: scrubText(envelope.streamKey),
    payload: scrubbedCopy(envelope.payload) as CommandEnvelope['payload'],
    metadata: scrubbedCopy(envelope.metadata) as CommandEnvelope['metadata'],
  };
}
