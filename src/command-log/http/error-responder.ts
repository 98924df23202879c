import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandPipeline, idempotencyActorKey } from '../command-pipeline';
import { DuplicateIdempotencyKey, IdempotencyStore } from '../idempotency/idempotency.store';
import { IdempotentReplay, RecordedRejection } from './command-refusal';
import { envelopeFromRequest, rawPayload } from './envelope-from-request';
import { RateLimited } from '../rate-limit/command-rate-limiter';
import { problem, Problem } from './problem';
import { classifyError } from './refusal-of-error';
import { rejectionStatus } from './rejection-status';
import { isCommandRequest, actorKeyOf, requestContext } from './request-context';
import { sendCommandReply } from './send-command-reply';

/**
 * Every error reply goes through here, whether Nest or Fastify caught it. A refused command is
 * logged before its reply leaves, so a 4xx always has its row (DESIGN.md invariants 1 and 2).
 */
@Injectable()
export class ErrorResponder {
  private readonly logger = new Logger('http');

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async respond(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (error instanceof IdempotentReplay) {
      return sendStoredReply(reply, error.stored);
    }
    if (error instanceof RateLimited) {
      // Counted per actor and minute, never logged one by one: a flood cannot fill the disk.
      reply.header('Retry-After', String(error.retryAfterSeconds));
      const body = problem(
        429,
        'RATE_LIMITED',
        'Too many requests from you this minute; slow down and retry later.',
      );
      sendCommandReply(reply, 429, body, undefined, 'application/problem+json');
      return;
    }
    if (error instanceof DuplicateIdempotencyKey) {
      // A twin request with the same key won the race: answer with its reply.
      const ctx = requestContext(request);
      const actorKey = actorKeyOf(ctx);
      const stored = ctx.idempotencyKey
        ? await this.idempotency.find(actorKey, ctx.idempotencyKey, ctx.receivedAt)
        : null;
      if (stored) {
        return sendStoredReply(reply, stored);
      }
    }
    if (error instanceof RecordedRejection) {
      const body = problem(error.httpStatus, error.code, error.detail, error.recorded);
      await this.saveIdempotentReply(request, error.recorded.commandId, error.httpStatus, body);
      return this.send(request, reply, error.httpStatus, body);
    }
    const classified = classifyError(error);
    const status = classified.status || rejectionStatus(classified.refusal ?? 'VALIDATION_FAILED');
    if (status >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    const ctx = requestContext(request);
    const shouldRecord =
      ctx && classified.refusal !== null && isCommandRequest(request) && !ctx.recorded;
    if (!shouldRecord) {
      const body = problem(status, classified.code, classified.detail, {
        errors: classified.errors,
        ...(ctx?.recorded ?? {}),
      });
      return this.send(request, reply, status, body);
    }
    const envelope = envelopeFromRequest(request, {
      payload: rawPayload(request, classified.dropBody),
    });
    try {
      const refusal = { code: classified.refusal!, detail: classified.detail };
      ctx.recorded = await this.pipeline.recordRefusal(envelope, refusal, status);
    } catch (recordError) {
      if (recordError instanceof DuplicateIdempotencyKey) {
        const stored = await this.idempotency.find(
          idempotencyActorKey(envelope),
          ctx.idempotencyKey!,
          ctx.receivedAt,
        );
        if (stored) return sendStoredReply(reply, stored);
      }
      this.logger.error(`could not record a refused command: ${String(recordError)}`);
      const body = problem(
        503,
        'COMMAND_LOG_UNAVAILABLE',
        'The request could not be recorded; try again shortly.',
      );
      return this.send(request, reply, 503, body);
    }
    const body = problem(status, classified.code, classified.detail, {
      errors: classified.errors,
      ...ctx.recorded,
    });
    await this.saveIdempotentReply(request, ctx.recorded.commandId, status, body);
    return this.send(request, reply, status, body);
  }

  /** Keeps the first reply for a repeated Idempotency-Key; a failure only costs the replay. */
  private async saveIdempotentReply(
    request: FastifyRequest,
    commandId: string,
    status: number,
    body: Problem,
  ) {
    const ctx = requestContext(request);
    if (!ctx.idempotencyKey) return;
    const actorKey = actorKeyOf(ctx);
    await this.idempotency
      .saveReply(actorKey, ctx.idempotencyKey, { commandId, httpStatus: status, body: { ...body } })
      .catch((saveError: unknown) =>
        this.logger.warn(`idempotent reply not saved: ${String(saveError)}`),
      );
  }

  private send(request: FastifyRequest, reply: FastifyReply, status: number, body: Problem): void {
    if (reply.sent) return;
    if (status === 429 || status === 503) reply.header('Retry-After', status === 503 ? '1' : '60');
    sendCommandReply(reply, status, body, body.commandId, 'application/problem+json');
    void request;
  }
}

/** The reply stored for an Idempotency-Key, sent again as it was. */
function sendStoredReply(reply: FastifyReply, stored: IdempotentReplay['stored']): void {
  const type =
    stored.httpStatus >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8';
  sendCommandReply(reply, stored.httpStatus, stored.body, stored.commandId, type);
}
