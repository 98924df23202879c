import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Logger } from '@nestjs/common';
import { CommandRefusal } from '../../command-log/http/command-refusal';
import { MUTATING_METHODS } from '../../command-log/http/request-context';
import { uuidv7 } from '../../command-log/uuid-v7';
import { correlationScope } from '../logging/correlation';
import { httpDuration } from '../metrics/metrics';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,64}$/;

/**
 * The edge mints what a command needs before anything else runs: its id, its time, its
 * correlation id (X-Request-Id or a new one), and runs the rest of the request inside that
 * correlation scope so every log line carries it.
 */
export function installRequestHooks(fastify: FastifyInstance): RouteRegistry {
  const logger = new Logger('http');
  const routes: RegisteredRoute[] = [];
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods)
      routes.push({ method: String(method).toUpperCase(), url: route.url });
  });
  fastify.decorateRequest('commandContext', null as never);
  fastify.addHook('onRequest', (request, reply, done) => {
    const header = request.headers['x-request-id'];
    const correlationId = typeof header === 'string' && REQUEST_ID.test(header) ? header : uuidv7();
    const key = request.headers['idempotency-key'];
    request.commandContext = {
      commandId: uuidv7(),
      receivedAt: new Date(),
      correlationId,
      clientAddress: request.ip ?? null,
      userAgent: truncate(request.headers['user-agent'], 256),
      idempotencyKey: typeof key === 'string' && IDEMPOTENCY_KEY.test(key) ? key : null,
      actor: null,
      recorded: null,
    };
    reply.header('X-Request-Id', correlationId);
    correlationScope.run({ correlationId }, done);
  });
  // Commands speak JSON: any other body is refused before a parser turns it into a string.
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const type = request.headers['content-type'];
    const hasBody =
      request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0';
    if (
      MUTATING_METHODS.has(request.method) &&
      hasBody &&
      type !== undefined &&
      !/^application\/(.+\+)?json\b/i.test(type)
    ) {
      done(
        new CommandRefusal(
          'UNSUPPORTED_MEDIA_TYPE',
          `Send the body as application/json, not ${type.slice(0, 60)}.`,
        ),
      );
      return;
    }
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions?.url ?? 'unmatched',
        status: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
    // Method, route and status only: bodies and headers may hold secrets.
    logger.log(
      `${request.method} ${routeOf(request)} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`,
    );
    done();
  });
  return { routes };
}

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

/** The routes Fastify registered, collected as they are added. */
export interface RouteRegistry {
  readonly routes: readonly RegisteredRoute[];
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? request.url.split('?')[0].slice(0, 200);
}

function truncate(value: string | undefined, max: number): string | null {
  return value === undefined ? null : value.slice(0, max);
}
