import fc from 'fast-check';
import { Operation, Parameter, Schema } from './fuzz-openapi';
import { RawRequest } from './fuzz-client';

/** The kinds of input the fuzzer sends; the summary counts replies by these. */
export const FUZZ_CLASSES = [
  'valid-ish',
  'wrong-types',
  'non-object-body',
  'malformed-json',
  'nul',
  'lone-surrogate',
  'deep-nesting',
  'huge-array',
  'integer-overflow',
  'forged-cursor',
  'non-iso-time',
  'bad-email',
  'bad-percent-encoding',
  'unknown-route',
  'long-url',
  'oversized-url',
  'oversized-body',
  'oversized-headers',
  'bad-idempotency-key',
] as const;
export type FuzzClass = (typeof FUZZ_CLASSES)[number];

export type Auth = 'none' | 'user' | 'admin' | 'forged';

export interface FuzzRequest extends RawRequest {
  readonly cls: FuzzClass;
  readonly operation: string;
  readonly auth: Auth;
}

export interface Tokens {
  readonly user: string;
  readonly admin: string;
}

const isTimeField = (name: string) => /At$|^asOf$|^from$|^to$/.test(name);
const isIntegerParam = (p: Parameter) => p.schema.type === 'integer' || p.schema.type === 'number';
const bodyFields = (op: Operation) => Object.entries(op.body?.properties ?? {});

/** Which classes make sense for an operation (the others would only repeat valid-ish). */
export function classesFor(op: Operation): FuzzClass[] {
  const has = (cls: FuzzClass): boolean => {
    switch (cls) {
      case 'wrong-types':
        return op.body !== null || op.queryParams.length > 0;
      case 'non-object-body':
      case 'malformed-json':
      case 'lone-surrogate':
      case 'deep-nesting':
      case 'huge-array':
      case 'oversized-body':
        return op.mutating;
      case 'integer-overflow':
        return [...op.queryParams, ...op.pathParams].some(isIntegerParam);
      case 'forged-cursor':
        return op.queryParams.some((p) => p.name === 'cursor');
      case 'non-iso-time':
        return (
          op.queryParams.some((p) => isTimeField(p.name)) ||
          bodyFields(op).some(([name]) => isTimeField(name))
        );
      case 'bad-email':
        return bodyFields(op).some(([name]) => name === 'email');
      default:
        return true;
    }
  };
  return FUZZ_CLASSES.filter(has);
}

// ---- values ------------------------------------------------------------------------------

const uuid = fc.uuid().map((u) => u.toLowerCase());
const futureTime = fc
  .integer({ min: 1, max: 400 })
  .map((days) => new Date(Date.UTC(2027, 0, 1) + days * 86_400_000).toISOString());

function stringFor(name: string, schema: Schema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'uuid' || /Id$/.test(name)) return uuid;
  if (isTimeField(name)) return futureTime;
  if (name === 'email') return fc.emailAddress();
  if (name === 'username') return fc.stringMatching(/^[a-z0-9_]{3,32}$/);
  if (name === 'password') return fc.string({ minLength: 10, maxLength: 40 });
  if (name === 'category') return fc.stringMatching(/^[a-z0-9-]{1,40}$/);
  if (name === 'videoUrl') return fc.webUrl({ validSchemes: ['https'] });
  const example = typeof schema.example === 'string' ? [fc.constant(schema.example)] : [];
  return fc.oneof(
    ...example,
    fc.string({
      minLength: schema.minLength ?? 1,
      maxLength: Math.min(schema.maxLength ?? 40, 40),
    }),
  );
}

function valueFor(name: string, schema: Schema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1000, 1000) });
    case 'boolean':
      return fc.boolean();
    case 'object':
      return schema.example !== undefined
        ? fc.constant(schema.example)
        : fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }));
    default:
      return stringFor(name, schema);
  }
}

function validBody(op: Operation): fc.Arbitrary<Record<string, unknown>> {
  const fields = bodyFields(op);
  const required = new Set(op.body?.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, schema] of fields) model[name] = valueFor(name, schema);
  return fc.record(model, {
    requiredKeys: fields.map(([name]) => name).filter((name) => required.has(name)),
  });
}

/** Query values a client could mean: small positions and waits, so reads do not stall. */
function validQueryValue(p: Parameter): fc.Arbitrary<string> {
  if (p.name === 'minPosition') return fc.integer({ min: 0, max: 3 }).map(String);
  if (p.name === 'waitMs') return fc.integer({ min: 0, max: 50 }).map(String);
  if (p.name === 'cursor') return uuid.map((id) => cursorOf(['2026-01-01T00:00:00.000Z', id]));
  if (p.schema.enum) return fc.constantFrom(...(p.schema.enum as string[]));
  if (isTimeField(p.name)) return futureTime;
  if (isIntegerParam(p))
    return fc
      .integer({ min: p.schema.minimum ?? 0, max: Math.min(p.schema.maximum ?? 100, 100) })
      .map(String);
  return stringFor(p.name, p.schema);
}

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

function validPathValue(p: Parameter): fc.Arbitrary<string> {
  if (isIntegerParam(p)) return fc.integer({ min: 1, max: 1_000_000 }).map(String);
  if (p.name === 'name') return fc.constantFrom('standings', 'no-such-view');
  if (p.name === 'rulesetId') return fc.constantFrom('standard-v1', 'no-such-ruleset');
  return uuid;
}

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\udc00b', '\ud83d'];
const HOSTILE_INTEGERS = [
  '99999999999999999999',
  '1e400',
  '-0',
  '0x10',
  '  5',
  '-1',
  '9007199254740993',
  '1.5',
  'NaN',
  'Infinity',
  '',
  '１２',
];
const HOSTILE_TIMES = [
  '5001',
  '+275760-09-13T00:00:00.001Z',
  '2026-02-30',
  '2026-13-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2026-01-01T25:00:00Z',
  '-001000-01-01',
  '1e10',
  'yesterday',
  '2026-01-01T00:00:00+99:00',
];
const HOSTILE_EMAILS = [
  'a\ud800@b.co',
  'not-an-email',
  '@',
  'a@',
  'a@b@c',
  'x'.repeat(300) + '@example.com',
  '\u0000@example.com',
];
const BAD_PERCENT = ['%zz', '%E0%A4%A', '%', '%ED%A0%80', '%FF', '%C0%80', '%%30'];

function forgedCursor(): fc.Arbitrary<string> {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return fc.oneof(
    fc.constantFrom(
      b64(['x', 'y']),
      b64(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
      b64(['99999999999999999999999', 1]),
      b64(['1', -1]),
      b64(['1', 1e300]),
      b64([{ $gt: '' }, null]),
      b64('string'),
      b64([]),
      '!!!',
      'a'.repeat(600),
      Buffer.from('\u0000\u0000').toString('base64url'),
    ),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }).map(b64),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
  );
}

const AUTH_WEIGHT: Record<Auth, number> = { admin: 5, user: 2, none: 2, forged: 1 };

// ---- requests ----------------------------------------------------------------------------

interface Parts {
  path: string;
  query: [string, string][];
  headers: Record<string, string | string[]>;
  body?: string;
}

const encode = (value: string) => encodeURIComponent(value);
const queryString = (query: [string, string][]) =>
  query.length ? `?${query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` : '';

/** Swaps one string for a hostile one at a random place of a body (top level or nested). */
function spoil(body: Record<string, unknown>, hostile: string, pick: number): unknown {
  const keys = Object.keys(body);
  if (keys.length === 0 || pick % 4 === 0)
    return { ...body, [`k${hostile}`]: { items: [1, hostile] } };
  const key = keys[pick % keys.length];
  return { ...body, [key]: pick % 3 === 0 ? [`ok`, { deep: hostile }] : `x${hostile}y` };
}

export function fuzzRequest(
  op: Operation,
  cls: FuzzClass,
  tokens: Tokens,
): fc.Arbitrary<FuzzRequest> {
  const pathValues = fc.tuple(...op.pathParams.map(validPathValue));
  const queryValues = fc.tuple(
    ...op.queryParams.map((p) => fc.option(validQueryValue(p), { nil: undefined })),
  );
  // Logging out with the shared tokens would sign the rest of the run out.
  const auths: Auth[] =
    op.id === 'POST /auth/logout' ? ['none', 'forged'] : ['none', 'user', 'admin', 'forged'];
  return fc
    .record({
      // Mostly signed in: a refusal for the token would hide what the route does with the rest.
      auth: fc.oneof(
        ...auths.map((auth) => ({ arbitrary: fc.constant(auth), weight: AUTH_WEIGHT[auth] })),
      ),
      path: pathValues,
      query: queryValues,
      body: op.body ? validBody(op) : fc.constant(undefined),
      pick: fc.nat(1000),
      // Unique keys: a repeated one would (rightly) replay another request's reply.
      idempotencyKey: fc.option(
        fc.uuid().map((u) => `fuzz-${u}`),
        { freq: 3 },
      ),
      extra: fc.string({ maxLength: 12 }),
    })
    .chain((base) => {
      let path = op.path;
      op.pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, encode(base.path[i]))));
      const parts: Parts = {
        path,
        query: op.queryParams.flatMap((p, i) =>
          base.query[i] === undefined ? [] : [[p.name, base.query[i]!] as [string, string]],
        ),
        headers: {},
        body:
          base.body !== undefined
            ? JSON.stringify(base.body)
            : op.mutating && base.pick % 2
              ? '{}'
              : undefined,
      };
      if (parts.body !== undefined) parts.headers['content-type'] = 'application/json';
      if (base.auth !== 'none')
        parts.headers.authorization = `Bearer ${base.auth === 'forged' ? 'forged-token-0123456789abcdef' : tokens[base.auth]}`;
      if (op.mutating && base.idempotencyKey)
        parts.headers['idempotency-key'] = base.idempotencyKey;
      return hostile(op, cls, parts, base.body, base.pick).map((final): FuzzRequest => ({
        cls,
        operation: op.id,
        auth: base.auth,
        method: final.method ?? op.method,
        path: `${final.parts.path}${queryString(final.parts.query)}`,
        headers: final.parts.headers,
        body: final.parts.body,
      }));
    });
}

const json = (value: unknown) => JSON.stringify(value);

/** Turns valid-ish parts into one of the hostile classes. */
function hostile(
  op: Operation,
  cls: FuzzClass,
  parts: Parts,
  body: Record<string, unknown> | undefined,
  pick: number,
): fc.Arbitrary<{ parts: Parts; method?: string }> {
  const same = (change: Partial<Parts>, method?: string) =>
    fc.constant({ parts: { ...parts, ...change }, method });
  const withBody = (text: string) =>
    same({ body: text, headers: { ...parts.headers, 'content-type': 'application/json' } });
  const intParams = [...op.queryParams, ...op.pathParams].filter(isIntegerParam);
  switch (cls) {
    case 'valid-ish':
      return same({});
    case 'wrong-types':
      return fc
        .constantFrom<unknown>(42, true, null, [], { $gt: '' }, 'text', -1.5)
        .map((wrong) => {
          const fields = bodyFields(op);
          if (fields.length && body) {
            const [name] = fields[pick % fields.length];
            return {
              parts: { ...parts, body: json({ ...body, [name]: wrong, unexpected: wrong }) },
            };
          }
          const p = op.queryParams[pick % Math.max(op.queryParams.length, 1)];
          return {
            parts: {
              ...parts,
              query: [
                ...parts.query,
                [p?.name ?? 'x', String(wrong)],
                [p?.name ?? 'x', 'again'],
              ] as [string, string][],
            },
          };
        });
    case 'non-object-body':
      return fc
        .constantFrom(
          json([body ?? {}, { password: 'array-held-secret-123' }]),
          '"a password string"',
          '12345',
          'true',
          'null',
          '[]',
        )
        .chain(withBody);
    case 'malformed-json':
      return fc
        .constantFrom(
          '{"a":',
          '{username: "x"}',
          '[1,2',
          '{"a":1}}',
          '\u00ff\u00fe',
          '{"__proto__":{"admin":true}}',
          '',
        )
        .chain(withBody);
    case 'nul': {
      const where = pick % 3;
      if (where === 0 && op.pathParams.length)
        return same({
          path: parts.path.replace(/\/[^/]+$/, (s) => `${s.slice(0, 4)}%00${s.slice(4)}`),
        });
      if (where === 1 && op.mutating) return withBody(json(spoil(body ?? {}, '\u0000', pick)));
      return same({ query: [...parts.query, [op.queryParams[0]?.name ?? 'q', 'a\u0000b']] });
    }
    case 'lone-surrogate':
      return fc
        .constantFrom(...LONE_SURROGATES)
        .chain((s) => withBody(json(spoil(body ?? {}, s, pick))));
    case 'deep-nesting':
      return fc
        .integer({ min: 33, max: 5000 })
        .chain((depth) =>
          withBody(
            pick % 2
              ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
              : `${'['.repeat(depth * 4)}${']'.repeat(depth * 4)}`,
          ),
        );
    case 'huge-array':
      return withBody(
        pick % 2
          ? `[${'0,'.repeat(30_000)}0]`
          : json({ ...(body ?? {}), items: new Array(6000).fill({ a: 1 }) }),
      );
    case 'integer-overflow': {
      return fc.constantFrom(...HOSTILE_INTEGERS).map((n) => {
        const p = intParams[pick % intParams.length];
        if (p.in === 'path')
          return {
            parts: { ...parts, path: parts.path.replace(/\/\d+(?=\/|$)/, `/${encode(n)}`) },
          };
        const query = parts.query.filter(([k]) => k !== p.name && k !== 'waitMs');
        return {
          parts: {
            ...parts,
            query: [...query, [p.name, n], ['waitMs', '0']] as [string, string][],
          },
        };
      });
    }
    case 'forged-cursor':
      return forgedCursor().map((c) => ({
        parts: {
          ...parts,
          query: [...parts.query.filter(([k]) => k !== 'cursor'), ['cursor', c]] as [
            string,
            string,
          ][],
        },
      }));
    case 'non-iso-time':
      return fc.constantFrom(...HOSTILE_TIMES).map((t) => {
        const field = bodyFields(op).find(([name]) => isTimeField(name));
        if (field && body) return { parts: { ...parts, body: json({ ...body, [field[0]]: t }) } };
        const p = op.queryParams.find((q) => isTimeField(q.name))!;
        return {
          parts: {
            ...parts,
            query: [...parts.query.filter(([k]) => k !== p.name), [p.name, t]] as [
              string,
              string,
            ][],
          },
        };
      });
    case 'bad-email':
      return fc
        .constantFrom(...HOSTILE_EMAILS)
        .chain((email) => withBody(json({ ...(body ?? {}), email })));
    case 'bad-percent-encoding':
      return fc.constantFrom(...BAD_PERCENT).map((bad) => {
        const segments = parts.path.split('/');
        segments[1 + (pick % (segments.length - 1))] += bad;
        return { parts: { ...parts, path: segments.join('/') } };
      });
    case 'unknown-route':
      return fc
        .tuple(
          fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
          fc.stringMatching(/^[a-z0-9-]{1,12}$/),
        )
        .map(([method, segment]) => ({
          parts: { ...parts, path: `${parts.path}/${segment}/nope` },
          method,
        }));
    case 'long-url':
      return same({ query: [...parts.query, ['pad', 'a'.repeat(4200 + (pick % 500))]] });
    case 'oversized-url':
      return same(
        { path: `${parts.path}/${'b'.repeat(17_000)}`, body: undefined, headers: {} },
        'GET',
      );
    case 'oversized-body':
      return withBody(json({ ...(body ?? {}), password: 'big-secret-'.repeat(7000) }));
    case 'oversized-headers':
      return same(
        { headers: { ...parts.headers, 'x-padding': 'c'.repeat(17_000) }, body: undefined },
        'GET',
      );
    case 'bad-idempotency-key':
      return fc
        .constantFrom<string | string[]>('', 'has space', 'k'.repeat(65), 'caf\u00e9', 'tab\tkey', [
          'same-key-1',
          'same-key-2',
        ])
        .map((key) => ({
          parts: { ...parts, headers: { ...parts.headers, 'idempotency-key': key } },
        }));
  }
}
