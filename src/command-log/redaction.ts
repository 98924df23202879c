/** Field names whose values are secrets wherever they appear in a payload. */
const SECRET_FIELD = /pass(word|phrase)?|secret|token|authorization|api[-_]?key|credential|cookie/i;

export const REDACTED = '[REDACTED]';

/**
 * A deep copy of a payload with every secret-named field replaced, applied where log rows are
 * built so no code path can bypass it (DESIGN.md invariant 3).
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 16) return REDACTED; // a pathological nesting is not worth storing
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      copy[key] = SECRET_FIELD.test(key) ? REDACTED : redact(field, depth + 1);
    }
    return copy;
  }
  return value;
}
