import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The committed contract: what `npm run build` wrote and clients are generated from. */
export const CONTRACT_PATH = join(__dirname, '..', '..', '..', '..', 'openapi.json');

/** One operation of the contract, with the checks of each reply status it allows. */
interface OperationCheck {
  readonly name: string;
  readonly pattern: RegExp;
  readonly method: string;
  readonly replies: ReadonlyMap<string, StatusCheck>;
}

interface StatusCheck {
  readonly headers: readonly { name: string; required: boolean; validate: ValidateFunction }[];
  /** By media type (without parameters). */
  readonly bodies: ReadonlyMap<string, ValidateFunction | null>;
}

/** What a reply was, as a test client saw it. */
export interface SeenReply {
  readonly method: string;
  /** The path with its query, as requested. */
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/**
 * Checks replies against the contract: Ajv over the document's own schemas, so a reply the
 * document does not allow (a status it does not list, a header it requires missing, a body
 * that does not match) is a list of violations. Paths no operation matches are not checked:
 * the fuzz suites probe routes that do not exist on purpose.
 */
export class ReplyCheck {
  private readonly operations: OperationCheck[];
  /** The statuses each operation was seen answering, in this process. */
  readonly seen = new Map<string, Set<number>>();

  constructor(document: Schema = JSON.parse(readFileSync(CONTRACT_PATH, 'utf8'))) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const format of ['int32', 'int64', 'float', 'double'])
      ajv.addFormat(format, { type: 'number', validate: () => true });
    // The document's schemas, reachable as contract#/components/...
    ajv.addSchema({ $id: 'contract', components: document.components }, 'contract');
    const compile = (schema: Schema) =>
      ajv.compile(
        JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"contract#/components/')),
      );
    const resolve = (object: Schema): Schema =>
      object.$ref ? resolve(pointer(document, object.$ref)) : object;
    this.operations = Object.entries<Schema>(document.paths).flatMap(([path, item]) =>
      Object.entries<Schema>(item).map(([method, operation]) => ({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`),
        replies: new Map(
          Object.entries<Schema>(operation.responses).map(([status, reply]) => [
            status,
            {
              headers: Object.entries<Schema>(reply.headers ?? {}).map(([name, header]) => {
                const resolved = resolve(header);
                return {
                  name,
                  required: resolved.required === true,
                  validate: compile(resolved.schema ?? {}),
                };
              }),
              bodies: new Map(
                Object.entries<Schema>(reply.content ?? {}).map(([type, content]) => [
                  type,
                  isJson(type) && content.schema ? compile(content.schema) : null,
                ]),
              ),
            },
          ]),
        ),
      })),
    );
  }

  /** Every operation of the contract, by name (`POST /entries/{entryId}/vote`). */
  get operationNames(): string[] {
    return this.operations.map((o) => o.name);
  }

  /** The operation a request reached, if the contract has one. */
  operationOf(method: string, path: string): OperationCheck | undefined {
    const bare = path.split('?')[0].split('#')[0];
    return this.operations.find((o) => o.method === method.toUpperCase() && o.pattern.test(bare));
  }

  /** What the contract does not allow in a reply; empty when it is allowed. */
  violations(reply: SeenReply): string[] {
    const operation = this.operationOf(reply.method, reply.path);
    if (!operation) return [];
    this.seen.set(operation.name, (this.seen.get(operation.name) ?? new Set()).add(reply.status));
    const where = `${operation.name} ${reply.status}`;
    const expected = operation.replies.get(String(reply.status));
    if (!expected) return [`${where}: the contract lists no reply with this status`];
    const found: string[] = [];
    for (const header of expected.headers) {
      const value = reply.headers.get(header.name);
      if (value === null) {
        if (header.required) found.push(`${where}: the header ${header.name} is missing`);
      } else if (!header.validate(value)) {
        found.push(`${where}: the header ${header.name} (${value}) ${ajvText(header.validate)}`);
      }
    }
    if (reply.status === 204 || reply.status === 304 || reply.method.toUpperCase() === 'HEAD')
      return found;
    const type = (reply.headers.get('content-type') ?? '').split(';')[0].trim();
    if (!expected.bodies.has(type)) {
      found.push(`${where}: the contract lists no ${type || 'untyped'} body`);
      return found;
    }
    const validate = expected.bodies.get(type);
    if (validate) {
      let body: unknown;
      try {
        body = JSON.parse(reply.text);
      } catch {
        return [...found, `${where}: the ${type} body is not JSON`];
      }
      if (!validate(body)) found.push(`${where}: the body ${ajvText(validate)}`);
    }
    return found;
  }
}

/** application/json and +json types; not NDJSON, whose body is many documents. */
function isJson(type: string): boolean {
  return /(^|\/|\+)json$/.test(type);
}

function ajvText(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map(
      (e) =>
        `${e.instancePath || '(root)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
    )
    .join('; ');
}

function pointer(document: Schema, ref: string): Schema {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((at: Schema, key) => at[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

let shared: ReplyCheck | undefined;

/** One check per test process: the contract is read and compiled once. */
export function replyCheck(): ReplyCheck {
  shared ??= new ReplyCheck();
  return shared;
}

/** Throws when the contract does not allow the reply: the test that got it fails. */
export function assertReplyInContract(reply: SeenReply): void {
  const violations = replyCheck().violations(reply);
  if (violations.length > 0)
    throw new Error(
      `the reply breaks the contract (openapi.json):\n${violations.join('\n')}\n${reply.text.slice(0, 2000)}`,
    );
}
