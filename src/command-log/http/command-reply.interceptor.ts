import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, map, Observable, switchMap } from 'rxjs';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { IdempotentReplay } from './command-refusal';
import { isCommandRequest, actorKeyOf, requestContext } from '../../platform/http/request-context';

/**
 * Around every command route: answers a repeated Idempotency-Key from the first reply before
 * anything runs, and stamps accepted replies with X-Command-Id and X-Log-Position. The reply
 * itself is kept by the pipeline, in the command's own transaction.
 */
@Injectable()
export class CommandReplyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isCommandRequest(request)) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const ctx = requestContext(request);
    const stamp = (body: unknown) => {
      const recorded = ctx.recorded;
      if (recorded) {
        reply.header('X-Command-Id', recorded.commandId);
        reply.header('X-Log-Position', String(recorded.position));
      }
      return body;
    };
    const key = ctx.idempotencyKey;
    // The common case, no Idempotency-Key: nothing to look up, no extra promises.
    if (key === null) return next.handle().pipe(map(stamp));
    return from(this.idempotency.find(actorKeyOf(ctx), key, ctx.receivedAt)).pipe(
      switchMap((stored) => {
        if (stored) throw new IdempotentReplay(stored);
        return next.handle();
      }),
      map(stamp),
    );
  }
}
