import type { FastifyRequest } from 'fastify';
import { CommandEnvelope } from '../command-envelope';
import { commandRouteOf } from '../command-routes';
import { requestContext } from './request-context';

/** The payload of a command refused at the edge: the path parameters and the body as sent. */
export function rawPayload(request: FastifyRequest, dropBody: boolean): Record<string, unknown> {
  // Fastify names the wildcard of an unmatched path '*'; the path is stored on its own.
  const { '*': _wildcard, ...params } = (request.params ?? {}) as Record<string, unknown>;
  if (dropBody) return { ...params, body: '[NOT STORED]' };
  const body = request.body;
  if (body === undefined || body === null) return { ...params };
  if (typeof body === 'object' && !Array.isArray(body)) return { ...params, ...(body as object) };
  return { ...params, body };
}

/** Builds the envelope of a request from what the edge minted for it. */
export function envelopeFromRequest(
  request: FastifyRequest,
  command: {
    type?: string;
    streamKey?: string;
    payload: Record<string, unknown>;
    actorId?: string | null;
  },
): CommandEnvelope {
  const ctx = requestContext(request);
  const route = commandRouteOf(request.method, request.routeOptions?.url);
  const actorId = command.actorId !== undefined ? command.actorId : (ctx.actor?.userId ?? null);
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  return {
    commandId: ctx.commandId,
    type: command.type ?? route.type,
    actorId,
    streamKey: command.streamKey ?? route.stream({ params, body: request.body, actorId }),
    receivedAt: ctx.receivedAt,
    payload:
      route.type === 'UnknownCommand'
        ? {
            method: request.method,
            path: request.url.split('?')[0].slice(0, 512),
            ...command.payload,
          }
        : command.payload,
    metadata: {
      correlationId: ctx.correlationId,
      causationId: null,
      idempotencyKey: ctx.idempotencyKey,
      clientAddress: ctx.clientAddress,
      userAgent: ctx.userAgent,
      actorRoles: ctx.actor?.roles ?? [],
    },
  };
}
