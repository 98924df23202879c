import type { FastifyInstance } from 'fastify';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { IdempotentReplay } from './command-refusal';
import { actorKeyOf, isCommandRequest, requestContext } from '../../platform/http/request-context';

/**
 * Around every command: a repeated Idempotency-Key is answered from the first reply before the
 * route runs, and a recorded command's reply carries X-Command-Id and X-Log-Position. The reply
 * itself is kept by the pipeline, in the command's own transaction.
 *
 * Fastify hooks, not a Nest interceptor: a global interceptor wraps every request of every route
 * in an rxjs chain and two AsyncResource.bind calls (each reaching util.deprecate), which cost
 * about a tenth of a no-op request's CPU. Requests without a key pay nothing here.
 */
export function installCommandReplyHooks(
  fastify: FastifyInstance,
  idempotency: IdempotencyStore,
): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    const ctx = requestContext(request);
    if (ctx.idempotencyKey === null || !isCommandRequest(request)) return done();
    idempotency.find(actorKeyOf(ctx), ctx.idempotencyKey, ctx.receivedAt).then(
      (stored) => done(stored ? new IdempotentReplay(stored) : undefined),
      (error: unknown) => done(error as Error),
    );
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const recorded = request.commandContext?.recorded;
    if (recorded && !reply.hasHeader('X-Command-Id')) {
      reply.header('X-Command-Id', recorded.commandId);
      reply.header('X-Log-Position', String(recorded.position));
    }
    done(null, payload);
  });
}
