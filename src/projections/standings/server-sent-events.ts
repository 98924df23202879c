import { CommandRefusal } from '../../platform/http/refusal';
import { MAX_POSITION } from '../runtime/view-read.query.dto';

/** A comment line: clients ignore it, proxies and load balancers see a stream that is alive. */
export const HEARTBEAT = Buffer.from(': heartbeat\n\n');

/**
 * One event, ready for the socket. `data` must be one line: a JSON text is (JSON.stringify
 * escapes every line break inside strings), so the page goes out as it was serialized.
 */
export function sseEvent(event: string, id: number, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`id: ${id}\nevent: ${event}\ndata: `),
    data,
    Buffer.from('\n\n'),
  ]);
}

/**
 * The position a reconnecting client resumes after: its Last-Event-ID, which must be an id this
 * stream sent (a log position). Anything else is refused before the stream starts, since
 * guessing would either miss events or replay them. An empty header (an EventSource whose
 * last event had no id) resumes nothing.
 */
export function resumePositionOf(lastEventId: string | undefined): number | null {
  if (lastEventId === undefined || lastEventId === '') return null;
  if (/^[0-9]{1,16}$/.test(lastEventId) && Number(lastEventId) <= MAX_POSITION)
    return Number(lastEventId);
  const message = 'Last-Event-ID must be the id of an event of this stream (a log position)';
  throw new CommandRefusal('VALIDATION_FAILED', `${message}.`, [
    { path: 'Last-Event-ID', message },
  ]);
}
