/**
 * Text that no store downstream can hold: NUL (Postgres text and jsonb refuse it) and lone
 * UTF-16 surrogate halves (not Unicode; jsonb refuses them, validators throw on them).
 */
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSAFE_TEXT_ALL = new RegExp(UNSAFE_TEXT.source, 'g');

/** docs/API.md: JSON nested deeper than this is refused before any validator walks it. */
export const MAX_JSON_DEPTH = 32;
const MAX_PROBLEMS = 10;
const MAX_PATH = 200;

export interface InputProblem {
  readonly path: string;
  readonly message: string;
  readonly kind: 'text' | 'depth';
}

export function isUnsafeText(text: string): boolean {
  return UNSAFE_TEXT.test(text);
}

/** The text with every NUL and lone surrogate replaced by U+FFFD. */
export function scrubText(text: string): string {
  return UNSAFE_TEXT.test(text) ? text.replace(UNSAFE_TEXT_ALL, '\uFFFD') : text;
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

interface Frame {
  readonly value: unknown;
  readonly path: string;
  readonly depth: number;
}

const join = (path: string, key: string) => {
  const joined = path ? `${path}.${scrubText(key)}` : scrubText(key);
  return joined.length > MAX_PATH ? `${joined.slice(0, MAX_PATH)}…` : joined;
};

/**
 * Every unsafe string (keys and values) of a parsed JSON value, with its path, or the one
 * place where it nests deeper than `maxDepth`. An explicit stack, not recursion: a body of
 * 100,000 nested arrays costs a loop, not the call stack.
 */
export function findInputProblems(
  root: unknown,
  rootPath = '',
  maxDepth = MAX_JSON_DEPTH,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const stack: Frame[] = [{ value: root, path: rootPath, depth: 0 }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (isUnsafeText(value))
        problems.push({ path, kind: 'text', message: textMessage(path || 'body') });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) {
      const message = `${path || 'body'} nests JSON deeper than ${maxDepth} levels`;
      return [{ path, kind: 'depth', message }];
    }
    const entries = Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i];
      const itemPath = join(path, key);
      if (!Array.isArray(value) && isUnsafeText(key))
        problems.push({ path: itemPath, kind: 'text', message: `${itemPath}: ${keyMessage}` });
      stack.push({ value: item, path: itemPath, depth: depth + 1 });
    }
  }
  return problems.slice(0, MAX_PROBLEMS);
}

const keyMessage = 'a field name must not contain NUL characters or lone surrogates';
const textMessage = (path: string) =>
  `${path} must not contain NUL characters or lone surrogates (send well-formed UTF-8)`;

/** How deep a JSON value nests, counted without recursion and without going past `limit`. */
export function nestsDeeperThan(root: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return true;
    for (const item of Object.values(value)) stack.push({ value: item, depth: depth + 1 });
  }
  return false;
}

/**
 * A copy of a JSON value that Postgres jsonb can store: unsafe text in keys and values
 * replaced by U+FFFD. Iterative; the caller bounds the depth first.
 */
export function scrubbedCopy(root: unknown): unknown {
  const holder: { value: unknown } = { value: undefined };
  const stack: Array<{ source: unknown; target: Record<string, unknown>; key: string }> = [
    { source: root, target: holder, key: 'value' },
  ];
  while (stack.length > 0) {
    const { source, target, key } = stack.pop()!;
    if (typeof source === 'string') {
      target[key] = scrubText(source);
    } else if (Array.isArray(source)) {
      const copy: unknown[] = new Array(source.length);
      target[key] = copy;
      source.forEach((item, index) =>
        stack.push({
          source: item,
          target: copy as unknown as Record<string, unknown>,
          key: String(index),
        }),
      );
    } else if (source !== null && typeof source === 'object') {
      const copy: Record<string, unknown> = {};
      target[key] = copy;
      for (const [field, item] of Object.entries(source)) {
        copy[scrubText(field)] = undefined; // keeps the fields' order; filled when popped
        stack.push({ source: item, target: copy, key: scrubText(field) });
      }
    } else {
      target[key] = source;
    }
  }
  return holder.value;
}
