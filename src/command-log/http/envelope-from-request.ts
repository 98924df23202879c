import { DomainCommand, encodeCommand } from '@contest/domain';
import type { FastifyRequest } from 'fastify';
import { CommandEnvelope } from '../command-envelope';
import { commandRouteOf } from '../command-routes';
import { requestContext } from '../../platform/http/request-context';
import {
  jsonTypeOf,
  MAX_JSON_DEPTH,
  nestsDeeperThan,
  scrubbedCopy,
} from '../../platform/http/unsafe-input';

/**
 * The payload of a command refused at the edge: the path parameters and the body as sent, in
 * a form jsonb can hold (NUL and lone surrogates replaced by U+FFFD). A body that is not a
 * JSON object, nests too deep, or was not read whole is stored only as its type and size: an
 * array or a string can hold a password under no field name redaction would recognise.
 */
export function rawPayload(request: FastifyRequest, dropBody: boolean): Record<string, unknown> {
  // Fastify names the wildcard of an unmatched path '*'; the path is stored on its own.
  const { '*': _wildcard, ...params } = (request.params ?? {}) as Record<string, unknown>;
  const storedParams = scrubbedCopy(params) as Record<string, unknown>;
  const body = request.body;
  if (dropBody) return { ...storedParams, body: bodySummary(request) };
  if (body === undefined) return storedParams;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ...storedParams, body: bodySummary(request) };
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) return { ...storedParams, body: bodySummary(request) };
  return { ...storedParams, ...(scrubbedCopy(body) as object) };
}

function bodySummary(request: FastifyRequest): { type: string; bytes: number | null } {
  const length = Number(request.headers['content-length']);
  return {
    type: request.body === undefined ? 'unread' : jsonTypeOf(request.body),
    bytes: Number.isSafeInteger(length) ? length : null,
  };
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

/** The envelope of a domain command sent over HTTP: the codec makes its payload and actor. */
export function commandEnvelope(
  request: FastifyRequest,
  command: DomainCommand,
  streamKey?: string,
): CommandEnvelope {
  const { payload, actorId } = encodeCommand(command);
  return envelopeFromRequest(request, { payload, actorId, streamKey });
}
