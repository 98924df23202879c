/** Field names whose values are secrets wherever they appear in a payload. */
const SECRET_FIELD = /pass(word|phrase)?|secret|token|authorization|api[-_]?key|credential|cookie/i;

export const REDACTED = '[REDACTED]';

/** The outcome of a check on a secret, not the secret: a login's `passwordMatches`. */
const CHECK_OUTCOME = /match(es|ed)$/i;

function isCheckOutcome(name: string, value: unknown): boolean {
  return typeof value === 'boolean' && CHECK_OUTCOME.test(name);
}

interface Pending {
  readonly source: unknown;
  readonly target: Record<string, unknown> | unknown[];
  readonly key: string | number;
}

/**
 * A deep copy of a payload with every secret-named field replaced, applied where log rows are
 * built so no code path can bypass it (docs/DESIGN.md invariant 3). Objects, arrays of anything,
 * any depth: an explicit stack instead of recursion, so no nesting is too deep to redact.
 */
export function redact(value: unknown): unknown {
  const root: unknown[] = [undefined];
  const stack: Pending[] = [{ source: value, target: root, key: 0 }];
  while (stack.length > 0) {
    const { source, target, key } = stack.pop()!;
    let copy: unknown = source;
    if (Array.isArray(source)) {
      const items: unknown[] = new Array(source.length);
      source.forEach((item, index) => stack.push({ source: item, target: items, key: index }));
      copy = items;
    } else if (source !== null && typeof source === 'object') {
      const fields: Record<string, unknown> = {};
      for (const [name, field] of Object.entries(source)) {
        // Set now, filled when popped: the copy keeps the fields' order.
        fields[name] = REDACTED;
        if (!SECRET_FIELD.test(name) || isCheckOutcome(name, field))
          stack.push({ source: field, target: fields, key: name });
      }
      copy = fields;
    }
    (target as Record<string | number, unknown>)[key] = copy;
  }
  return root[0];
}
