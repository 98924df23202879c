import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { IdempotentReplay } from './command-refusal';
import { isCommandRequest, requestContext } from './request-context';

/**
 * Around every command route: answers a repeated Idempotency-Key from the first reply before
 * anything runs, and stamps accepted replies with X-Command-Id and X-Log-Position.
 */
@Injectable()
export class CommandReplyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isCommandRequest(request)) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const ctx = requestContext(request);
    const actorKey = ctx.actor?.userId ?? `anonymous:${ctx.clientAddress ?? 'unknown'}`;
    const replayed = ctx.idempotencyKey
      ? this.idempotency.find(actorKey, ctx.idempotencyKey, ctx.receivedAt)
      : Promise.resolve(null);
    return from(replayed).pipe(
      switchMap((stored) => {
        if (stored) throw new IdempotentReplay(stored);
        return next.handle();
      }),
      switchMap(async (body: unknown) => {
        const recorded = ctx.recorded;
        if (!recorded) return body;
        reply.header('X-Command-Id', recorded.commandId);
        reply.header('X-Log-Position', String(recorded.position));
        if (ctx.idempotencyKey) {
          await this.idempotency.saveReply(actorKey, ctx.idempotencyKey, {
            commandId: recorded.commandId,
            httpStatus: reply.statusCode,
            body: (body ?? {}) as Record<string, unknown>,
          });
        }
        return body;
      }),
    );
  }
}
