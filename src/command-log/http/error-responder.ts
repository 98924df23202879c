import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandPipeline } from '../command-pipeline';
import { DuplicateIdempotencyKey, IdempotencyStore } from '../idempotency/idempotency.store';
import { isDatabaseUnavailable } from '../../platform/database/availability';
import { oneLine } from '../../platform/logging/throttled-log';
import { ServiceUnavailable } from '../pipeline/storage-failure';
import { IdempotentReplay, RateLimited, RecordedRejection } from './command-refusal';
import { envelopeFromRequest, rawPayload } from './envelope-from-request';
import { problem } from '../../platform/http/problem';
import { ClassifiedError, classifyError } from '../../platform/http/refusal-of-error';
import { refusalStatus } from '@contest/domain';
import { isCommandRequest, actorKeyOf, requestContext } from '../../platform/http/request-context';
import { sendCommandReply } from './send-command-reply';

/** Refusals that say "not now": answered 503 with Retry-After, logged at info. */
const RETRY_LATER = new Set(['PROJECTION_BEHIND', 'SESSION_STORE_UNAVAILABLE', 'SHUTTING_DOWN']);

/**
 * Every error reply goes through here, whether Nest or Fastify caught it. A refused command is
 * logged before its reply leaves, so a 4xx always has its row (docs/DESIGN.md invariants 1 and 2).
 */
@Injectable()
export class ErrorResponder {
  private readonly logger = new Logger('http');
  private lastOutageLoggedAt = 0;

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async respond(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (error instanceof IdempotentReplay) return sendStoredReply(reply, error.stored);
    if (error instanceof RateLimited) {
      // Counted per actor and minute, never logged one by one: a flood cannot fill the disk.
      reply.header('Retry-After', String(error.retryAfterSeconds));
      const body = problem(
        429,
        'RATE_LIMITED',
        'Too many requests from you this minute; slow down and retry later.',
      );
      return sendProblem(reply, 429, body);
    }
    if (error instanceof DuplicateIdempotencyKey && (await this.answerFromTwin(request, reply)))
      return;
    if (error instanceof RecordedRejection) return sendProblem(reply, error.httpStatus, error.body);
    if (isDatabaseUnavailable(error)) return this.databaseUnavailable(reply, error);

    const classified = classifiedOf(error);
    const ctx = requestContext(request);
    if (classified.status >= 500 && !RETRY_LATER.has(classified.code)) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    } else if (classified.status >= 500) {
      this.logger.log(`${classified.code}: ${classified.detail}`); // expected: info, no stack
    }
    const shouldRecord =
      ctx && classified.refusal !== null && isCommandRequest(request) && !ctx.recorded;
    if (!shouldRecord) {
      const body = problem(classified.status, classified.code, classified.detail, {
        errors: classified.errors,
        ...(ctx?.recorded ?? {}),
      });
      return sendProblem(reply, classified.status, body);
    }
    const envelope = envelopeFromRequest(request, {
      payload: rawPayload(request, classified.dropBody),
    });
    try {
      const refusal = { code: classified.refusal!, detail: classified.detail };
      const outcome = await this.pipeline.recordRefusal(
        envelope,
        refusal,
        classified.status,
        classified.errors,
      );
      ctx.recorded = { commandId: outcome.commandId, position: outcome.position };
      return sendProblem(reply, outcome.httpStatus, outcome.body);
    } catch (recordError) {
      if (
        recordError instanceof DuplicateIdempotencyKey &&
        (await this.answerFromTwin(request, reply))
      )
        return;
      if (isDatabaseUnavailable(recordError)) return this.databaseUnavailable(reply, recordError);
      this.logger.error(`could not record a refused command: ${oneLine(recordError)}`);
      const body = problem(500, 'INTERNAL_ERROR', 'The request could not be recorded; try again.');
      return sendProblem(reply, 500, body);
    }
  }

  /** A twin request with the same key won the race: its reply, kept with its command, goes out. */
  private async answerFromTwin(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const ctx = requestContext(request);
    if (!ctx.idempotencyKey) return false;
    const stored = await this.idempotency
      .find(actorKeyOf(ctx), ctx.idempotencyKey, ctx.receivedAt)
      .catch(() => null);
    if (!stored) return false;
    sendStoredReply(reply, stored);
    return true;
  }

  /** Nothing was stored and nothing can be logged: the client is told to come back shortly. */
  private databaseUnavailable(reply: FastifyReply, error: unknown): void {
    const now = Date.now();
    if (now - this.lastOutageLoggedAt > 10_000) {
      this.lastOutageLoggedAt = now;
      this.logger.warn(`database unavailable: ${oneLine(error)}`);
    }
    const body = problem(
      503,
      'DATABASE_UNAVAILABLE',
      'The database cannot be reached right now; nothing was recorded. Retry shortly.',
    );
    return sendProblem(reply, 503, body);
  }
}

/** What the client gets for an error that was not a decided command. */
function classifiedOf(error: unknown): ClassifiedError & { status: number } {
  if (error instanceof ServiceUnavailable) {
    return {
      status: refusalStatus(error.code),
      code: error.code,
      detail: error.detail,
      refusal: error.code,
      dropBody: false,
    };
  }
  const classified = classifyError(error);
  const status = classified.status || refusalStatus(classified.refusal ?? 'VALIDATION_FAILED');
  return { ...classified, status };
}

function sendProblem(reply: FastifyReply, status: number, body: object): void {
  if (reply.sent) return;
  if (status === 503 && !reply.hasHeader('Retry-After')) reply.header('Retry-After', '1');
  if (status === 429 && !reply.hasHeader('Retry-After')) reply.header('Retry-After', '60');
  const { commandId } = body as { commandId?: unknown };
  sendCommandReply(
    reply,
    status,
    body,
    typeof commandId === 'string' ? commandId : undefined,
    'application/problem+json',
  );
}

/** The reply stored for an Idempotency-Key, sent again as it was. */
function sendStoredReply(reply: FastifyReply, stored: IdempotentReplay['stored']): void {
  if (stored.httpStatus >= 400) return sendProblem(reply, stored.httpStatus, stored.body);
  sendCommandReply(reply, stored.httpStatus, stored.body, stored.commandId);
}
