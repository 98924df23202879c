import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Logger } from '@nestjs/common';
import { CommandRefusal } from './refusal';
import { FieldProblem } from './problem';
import { BodyNotStoredRefusal, FrameworkError } from './refusal-of-error';
import { MUTATING_METHODS } from './request-context';
import { uuidv7 } from '../ids/uuid-v7';
import { correlationScope } from '../logging/correlation';
import { httpDuration } from '../metrics/metrics';
import { urlProblemOf } from './hostile-url';
import { findInputProblems, InputProblem, scrubbedCopy, scrubText } from './unsafe-input';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,64}$/;

/**
 * The edge mints what a command needs before anything else runs: its id, its time, its
 * correlation id (X-Request-Id or a new one), and runs the rest of the request inside that
 * correlation scope so every log line carries it.
 */
export function installRequestHooks(fastify: FastifyInstance): RouteRegistry {
  const logger = new Logger('http');
  keepFrameworkErrorCodes(fastify);
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
    const key = idempotencyKeyOf(request);
    request.commandContext = {
      commandId: uuidv7(),
      receivedAt: new Date(),
      correlationId,
      clientAddress: request.ip ?? null,
      userAgent: truncate(request.headers['user-agent'], 256),
      idempotencyKey: typeof key === 'string' ? key : null,
      actor: null,
      recorded: null,
    };
    reply.header('X-Request-Id', correlationId);
    // Refused in preParsing, once the actor is known; scrubbed now, so nothing that files the
    // refusal (its stream key comes from the path) meets text Postgres cannot store.
    const paramProblems = scrubParams(request);
    const problem = urlProblemOf(request.raw) ?? (key instanceof CommandRefusal ? key : null);
    if (problem ?? paramProblems) edgeRefusals.set(request, problem ?? paramProblems!);
    correlationScope.run({ correlationId }, done);
  });
  // Commands speak JSON: any other body is refused before a parser turns it into a string.
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const refusal = edgeRefusals.get(request) ?? queryRefusal(request);
    if (refusal) {
      done(refusal);
      return;
    }
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
  // Before class-transformer and class-validator walk the body (recursively): too deep a body
  // is refused here, and text no store can hold is refused with its path, then scrubbed.
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined || request.body === null) return done();
    const problems = findInputProblems(request.body);
    if (problems.length === 0) return done();
    if (problems[0].kind === 'depth') {
      done(
        new BodyNotStoredRefusal('VALIDATION_FAILED', problems[0].message, fieldProblems(problems)),
      );
      return;
    }
    request.body = scrubbedCopy(request.body);
    done(refusalOf(problems));
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

const edgeRefusals = new WeakMap<FastifyRequest, CommandRefusal>();

/**
 * The Idempotency-Key, or the refusal of one that is present but not docs/API.md's grammar (or is
 * sent twice, which Node would join with a comma): ignoring it would turn a retry into a
 * second command.
 */
function idempotencyKeyOf(request: FastifyRequest): string | CommandRefusal | null {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return null;
  const raw = request.raw.rawHeaders;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === 'idempotency-key') count++;
  if (count === 1 && typeof key === 'string' && IDEMPOTENCY_KEY.test(key)) return key;
  const message =
    count > 1
      ? 'send Idempotency-Key once'
      : 'Idempotency-Key must be 1-64 visible ASCII characters (no spaces)';
  return new CommandRefusal('INVALID_IDEMPOTENCY_KEY', `The ${message.replace(/^send/, 'Send')}.`, [
    { path: 'Idempotency-Key', message },
  ]);
}

/** Path parameters with NUL or lone surrogates: scrubbed in place, refused with their names. */
function scrubParams(request: FastifyRequest): CommandRefusal | null {
  const params = request.params as Record<string, unknown> | undefined;
  if (!params || typeof params !== 'object') return null;
  const problems: InputProblem[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') continue;
    const scrubbed = scrubText(value);
    if (scrubbed === value) continue;
    params[name] = scrubbed;
    // An unmatched path is a 404 whatever it holds; its wildcard is not a parameter.
    if (name !== '*') problems.push(...findInputProblems(value, name));
  }
  return problems.length ? refusalOf(problems) : null;
}

function queryRefusal(request: FastifyRequest): CommandRefusal | null {
  const problems = findInputProblems(request.query, '', 2);
  return problems.length ? refusalOf(problems) : null;
}

function fieldProblems(problems: readonly InputProblem[]): FieldProblem[] {
  return problems.map(({ path, message }) => ({ path, message }));
}

function refusalOf(problems: readonly InputProblem[]): CommandRefusal {
  const fields = [...new Set(problems.map((p) => p.path || 'body'))].join(', ');
  return new CommandRefusal(
    'VALIDATION_FAILED',
    `Fix these fields: ${fields}.`,
    fieldProblems(problems),
  );
}

/**
 * Nest turns Fastify's own errors (body too large, invalid JSON, bad URL) into bare
 * HttpExceptions, keeping only their messages; the handler Nest installs gets them wrapped
 * first, so the error responder can map them by their codes.
 */
function keepFrameworkErrorCodes(fastify: FastifyInstance): void {
  type Handler = (this: FastifyInstance, error: unknown, ...rest: unknown[]) => unknown;
  type Setter = (this: FastifyInstance, handler: Handler) => unknown;
  const instance = fastify as unknown as { setErrorHandler: Setter };
  const setErrorHandler = instance.setErrorHandler;
  instance.setErrorHandler = function (this: FastifyInstance, handler: Handler) {
    // Plugins' own scopes (Bull Board) inherit this method: they keep theirs as it is.
    if (this !== fastify) return setErrorHandler.call(this, handler);
    return setErrorHandler.call(this, function (this: FastifyInstance, error, ...rest) {
      return handler.call(this, FrameworkError.of(error) ?? error, ...rest);
    });
  };
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
