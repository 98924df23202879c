import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  HeaderObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { isRejectionCode, refusalStatus, refusalStatusOf } from '@contest/domain';
import { COMMAND_ROUTES } from '../../../command-log/command-routes';
import { ROLES_EXTENSION } from '../../../identity/auth/access.decorators';
import { statusTitle } from '../problem';
import { REFUSALS_EXTENSION } from './refuses.decorator';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const MUTATING = new Set(['post', 'put', 'delete', 'patch']);

/** Codes that do not come from a decider, and the status each is answered with. */
const REPLY_ONLY_STATUS: Record<string, number> = { RATE_LIMITED: 429, INTERNAL_ERROR: 500 };

/**
 * Every operation can meet these: a hostile byte, a malformed Idempotency-Key (checked on reads
 * too), a long URL, a store down, a shutdown, a bug.
 */
const EVERY_OPERATION = [
  'VALIDATION_FAILED',
  'INVALID_IDEMPOTENCY_KEY',
  'URI_TOO_LONG',
  'HEADERS_TOO_LARGE',
  'DATABASE_UNAVAILABLE',
  'SESSION_STORE_UNAVAILABLE',
  'SHUTTING_DOWN',
  'INTERNAL_ERROR',
];

/** Every command can meet these at the edge, before its decider. */
const EVERY_COMMAND = [
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'COMMAND_NOT_STORABLE',
];

const header = (name: string): ReferenceObject => ({ $ref: `#/components/headers/${name}` });

const HEADERS: Record<string, HeaderObject> = {
  RequestId: {
    description: "The request's id: the client's X-Request-Id when valid, else minted",
    schema: { type: 'string', pattern: '^[\\w.:-]{1,128}$' },
  },
  CommandId: {
    description: 'The id of the command this request was logged as',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  },
  LogPosition: {
    description: "The command's position in the command log (an integer, as a string)",
    required: true,
    schema: { type: 'string', pattern: '^[0-9]{1,16}$' },
  },
  LoggedCommandId: {
    description: 'The id of the refused command, when the refusal was logged',
    schema: { type: 'string', format: 'uuid' },
  },
  LoggedLogPosition: {
    description: "The refused command's position in the log, when the refusal was logged",
    schema: { type: 'string', pattern: '^[0-9]{1,16}$' },
  },
  ProjectionPosition: {
    description:
      'The largest log position the view has applied (an integer, as a string): pass it as ' +
      'minPosition to read at least this fresh',
    required: true,
    schema: { type: 'string', pattern: '^[0-9]{1,16}$' },
  },
  RetryAfter: {
    description: 'Seconds to wait before trying again',
    required: true,
    schema: { type: 'string', pattern: '^[0-9]{1,5}$' },
  },
};

/**
 * Every path parameter's form, checked by its pipe in the controller (UuidParam and the like):
 * one table, so a new parameter cannot go undocumented (completeContract throws).
 */
const PATH_PARAMETERS: Record<string, ParameterObject['schema']> = {
  contestId: { type: 'string', format: 'uuid' },
  entryId: { type: 'string', format: 'uuid' },
  commentId: { type: 'string', format: 'uuid' },
  userId: { type: 'string', format: 'uuid' },
  replayId: { type: 'string', format: 'uuid' },
  rulesetId: { type: 'string', minLength: 1, maxLength: 64 },
  id: { type: 'integer', format: 'int64' },
  name: {
    type: 'string',
    minLength: 1,
    description: 'A projection, as GET /admin/projections names it',
  },
};

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'The same key from the same actor within 24 h returns the first reply again and logs ' +
    'nothing new (a login never stores its reply)',
  schema: { type: 'string', pattern: '^[\\x21-\\x7E]{1,64}$' },
};

/**
 * What every operation shares, added to the document Nest generates from the controllers and
 * DTOs: who may call it, the problem+json replies of every code it can answer (each status
 * narrowing `code` to its codes), the command and view headers, and Idempotency-Key.
 */
export function completeContract(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.headers = { ...document.components.headers, ...HEADERS };
  document.components.securitySchemes = {
    bearer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
      description:
        'An opaque session token from POST /auth/login (43 base64url characters), revoked by ' +
        'POST /auth/logout. It carries nothing: roles are read on each request.',
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) completeOperation(path, method, operation);
    }
  }
  return document;
}

function completeOperation(path: string, method: string, operation: OperationObject): void {
  const mutating = MUTATING.has(method);
  const extensions = operation as unknown as Record<string, unknown>;
  const roles = (extensions[ROLES_EXTENSION] as string[] | undefined) ?? ['anyone'];
  extensions[ROLES_EXTENSION] = roles;
  const own = (extensions[REFUSALS_EXTENSION] as string[] | undefined) ?? [];
  delete extensions[REFUSALS_EXTENSION];
  operation.description = [operation.description, `Who may call it: ${roles.join(', ')}.`]
    .filter(Boolean)
    .join('\n\n');
  if (roles.includes('anyone')) delete operation.security;

  const parameters = (operation.parameters ?? []) as ParameterObject[];
  for (const parameter of parameters.filter((p) => p.in === 'path')) {
    const schema = PATH_PARAMETERS[parameter.name];
    if (!schema)
      throw new Error(`${method} ${path}: the path parameter ${parameter.name} has no form`);
    parameter.schema = schema;
  }
  const isView = parameters.some((p) => p.in === 'query' && p.name === 'minPosition');
  const codes = new Set([...EVERY_OPERATION, ...own]);
  if (mutating) EVERY_COMMAND.forEach((code) => codes.add(code));
  if (!roles.includes('anyone')) codes.add('UNAUTHENTICATED');
  if (!roles.includes('anyone') && !roles.includes('user')) codes.add('FORBIDDEN');
  if (parameters.some((p) => p.in === 'query' && p.name === 'cursor')) codes.add('INVALID_CURSOR');
  if (isView) codes.add('PROJECTION_BEHIND');
  if (mutating) operation.parameters = [...parameters, IDEMPOTENCY_KEY];

  const commandType =
    COMMAND_ROUTES[`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`]?.type;
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const status =
      REPLY_ONLY_STATUS[code] ??
      (isRejectionCode(code)
        ? commandType
          ? refusalStatusOf(commandType, code)
          : refusalStatus(code)
        : undefined);
    if (status === undefined) throw new Error(`${method} ${path}: unknown code ${code}`);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }

  const responses = operation.responses as Record<string, ResponseObject>;
  for (const [status, reply] of Object.entries(responses)) {
    if (!/^2/.test(status)) continue;
    reply.headers = {
      'X-Request-Id': header('RequestId'),
      ...reply.headers,
      ...(mutating && {
        'X-Command-Id': header('CommandId'),
        'X-Log-Position': header('LogPosition'),
      }),
      ...(isView && { 'X-Projection-Position': header('ProjectionPosition') }),
    };
  }
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const sorted = [...statusCodes].sort();
    const earlier = responses[String(status)];
    responses[String(status)] = {
      ...earlier,
      description: [earlier?.description, `${statusTitle(status)}: ${sorted.join(', ')}`]
        .filter(Boolean)
        .join('. '),
      headers: {
        'X-Request-Id': header('RequestId'),
        ...earlier?.headers,
        ...((status === 429 || status === 503) && { 'Retry-After': header('RetryAfter') }),
        ...(mutating && {
          'X-Command-Id': header('LoggedCommandId'),
          'X-Log-Position': header('LoggedLogPosition'),
        }),
      },
      content: {
        ...earlier?.content,
        'application/problem+json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/Problem' },
              {
                type: 'object',
                required: ['status', 'code'],
                properties: {
                  status: { type: 'integer', enum: [status] },
                  code: { type: 'string', enum: sorted },
                },
              },
            ],
          },
        },
      },
    };
  }
}
