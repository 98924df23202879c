import type { FastifyRequest } from 'fastify';
import { Role } from '@contest/domain';

/** The reply facts of a command that was recorded in the log. */
export interface RecordedCommand {
  readonly commandId: string;
  readonly position: number;
}

export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly Role[];
}

/** What the edge learns about one request; hung on the Fastify request by an onRequest hook. */
export interface RequestContext {
  readonly commandId: string;
  readonly receivedAt: Date;
  readonly correlationId: string;
  readonly clientAddress: string | null;
  readonly userAgent: string | null;
  readonly idempotencyKey: string | null;
  actor: Actor | null;
  /** Set once the command is in the log, so it is never recorded twice. */
  recorded: RecordedCommand | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    commandContext: RequestContext;
  }
}

export const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isCommandRequest(request: FastifyRequest): boolean {
  return MUTATING_METHODS.has(request.method);
}

export function requestContext(request: FastifyRequest): RequestContext {
  return request.commandContext;
}

/** Who a request's idempotency keys belong to: the user, else the client address. */
export function actorKeyOf(ctx: RequestContext): string {
  return ctx.actor?.userId ?? `anonymous:${ctx.clientAddress ?? 'unknown'}`;
}
