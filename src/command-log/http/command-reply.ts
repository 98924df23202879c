import type { FastifyRequest } from 'fastify';
import { CommandOutcome } from '../command-pipeline';
import { RecordedRejection } from './command-refusal';
import { requestContext } from '../../platform/http/request-context';

/**
 * The reply of a decided command, exactly as the pipeline made and kept it: accepted ones
 * are returned (carrying `commandId` and `position`), refused ones become a problem reply.
 */
export function commandReply<E>(
  request: FastifyRequest,
  outcome: CommandOutcome<E>,
): Readonly<Record<string, unknown>> {
  const recorded = { commandId: outcome.commandId, position: outcome.position };
  requestContext(request).recorded = recorded;
  if (outcome.decision.status === 'rejected') {
    throw new RecordedRejection(
      recorded,
      outcome.decision.rejection.code,
      outcome.httpStatus,
      outcome.body,
    );
  }
  return outcome.body;
}
