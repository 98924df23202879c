import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOpenApi } from '../../../tools/openapi';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Names that are ids but not UUIDs: rulesets are named, dead letters counted, causes tagged. */
const NOT_UUID_IDS = new Set([
  'rulesetId',
  'id',
  'viewerId',
  'requestId',
  'correlationId',
  'causationId', // job:<id>, sweep
]);

/** Where the contract falls short of what a generated client needs, one line per gap. */
function gapsOf(document: Schema): string[] {
  const gaps: string[] = [];
  const resolve = (schema: Schema): Schema =>
    schema.$ref ? document.components.schemas[schema.$ref.split('/').pop()] : schema;
  const seen = new Set<Schema>();
  const walk = (where: string, schema: Schema | undefined): void => {
    if (!schema) return;
    schema = resolve(schema);
    if (seen.has(schema)) return;
    seen.add(schema);
    for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])])
      walk(where, part);
    if (schema.items) walk(`${where}[]`, schema.items);
    if (typeof schema.additionalProperties === 'object')
      walk(`${where}{}`, schema.additionalProperties);
    for (const [name, property] of Object.entries<Schema>(schema.properties ?? {})) {
      const field = resolve(property);
      const at = `${where}.${name}`;
      if (!field.type && !field.$ref && !field.allOf && !field.oneOf && !property.$ref)
        gaps.push(`${at} has no type`);
      if (
        /Id$/.test(name) &&
        !NOT_UUID_IDS.has(name) &&
        field.type === 'string' &&
        field.format !== 'uuid'
      )
        gaps.push(`${at} is an id without format uuid`);
      if (/(At|^asOf)$/.test(name) && field.type === 'string' && field.format !== 'date-time')
        gaps.push(`${at} is a time without format date-time`);
      if (field.type === 'number' && !['double', 'float'].includes(field.format))
        gaps.push(`${at} is a number: say integer, or format double`);
      if (field.type === 'object' && !field.properties && !field.additionalProperties)
        gaps.push(`${at} is an object without properties`);
      walk(at, property);
    }
  };
  for (const [path, item] of Object.entries<Schema>(document.paths)) {
    for (const [method, operation] of Object.entries<Schema>(item)) {
      const name = `${method.toUpperCase()} ${path}`;
      if (!operation.summary) gaps.push(`${name} has no summary`);
      if (!operation.tags?.length) gaps.push(`${name} has no tag`);
      if (!operation['x-roles']) gaps.push(`${name} does not say who may call it`);
      for (const [type, content] of Object.entries<Schema>(operation.requestBody?.content ?? {}))
        if (type.includes('json')) walk(`${name} body`, content.schema);
      for (const parameter of operation.parameters ?? []) {
        const schema = resolve(parameter.schema ?? {});
        if (schema.type === 'number' && !['double', 'float'].includes(schema.format))
          gaps.push(
            `${name} ${parameter.in} ${parameter.name} is a number: say integer, or format double`,
          );
        if (/(At|^asOf|^from|^to)$/.test(parameter.name) && schema.format !== 'date-time')
          gaps.push(`${name} ${parameter.in} ${parameter.name} is a time without format date-time`);
      }
      const statuses = Object.keys(operation.responses);
      if (!statuses.some((s) => /^2/.test(s))) gaps.push(`${name} has no success reply`);
      for (const [status, reply] of Object.entries<Schema>(operation.responses)) {
        if (!reply.description?.trim()) gaps.push(`${name} ${status} has no description`);
        if (status === '204' || status === '304') continue;
        const contents = Object.entries<Schema>(reply.content ?? {});
        if (contents.length === 0) gaps.push(`${name} ${status} has no body schema`);
        for (const [type, content] of contents) {
          if (!content.schema) gaps.push(`${name} ${status} ${type} has no schema`);
          else if (type.includes('json')) walk(`${name} ${status}`, content.schema);
        }
      }
    }
  }
  return gaps;
}

describe('the contract (openapi.json)', () => {
  let document: Schema;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'contract-'));
    await writeOpenApi(join(dir, 'openapi.json'));
    document = JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every operation a summary, its callers, and a described schema for each reply', () => {
    expect(gapsOf(document)).toEqual([]);
  });

  it('is what `npm run build` committed: every change of the contract shows in review', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../../openapi.json'), 'utf8'));
    expect(document).toEqual(committed);
  });

  it('describes a command: Idempotency-Key in, X-Command-Id and X-Log-Position out, and each status its own codes', () => {
    const vote = document.paths['/entries/{entryId}/vote'].post;
    expect(vote.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
    expect(Object.keys(vote.responses['200'].headers)).toEqual(
      expect.arrayContaining(['X-Command-Id', 'X-Log-Position']),
    );
    const codesAt = (status: string) =>
      vote.responses[status].content['application/problem+json'].schema.allOf[1].properties.code
        .enum;
    expect(codesAt('409')).toEqual(['ALREADY_VOTED', 'CONTEST_FINALIZED']);
    expect(codesAt('429')).toEqual(['RATE_LIMITED', 'VOTE_LIMIT_REACHED']);
    expect(Object.keys(vote.responses['429'].headers)).toContain('Retry-After');
    expect(vote['x-roles']).toEqual(['user']);
  });

  it('says the bearer tokens are opaque', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
    });
  });
});
