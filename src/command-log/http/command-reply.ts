import type { FastifyRequest } from 'fastify';
import { CommandOutcome } from '../command-pipeline';
import { RecordedRejection } from './command-refusal';
import { requestContext } from './request-context';

/**
 * Maps a decided command to its reply body: accepted ones carry `commandId` and `position`
 * next to their own fields; rejected ones become a problem reply (already logged).
 */
export function commandReply<E, B extends object>(
  request: FastifyRequest,
  outcome: CommandOutcome<E>,
  body: B,
): B & { commandId: string; position: number } {
  const recorded = { commandId: outcome.commandId, position: outcome.position };
  requestContext(request).recorded = recorded;
  if (outcome.decision.status === 'rejected') {
    const { code, detail } = outcome.decision.rejection;
    throw new RecordedRejection(recorded, code, detail, outcome.httpStatus);
  }
  return { ...body, ...recorded };
}
