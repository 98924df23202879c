import { createHash } from 'node:crypto';
import { Ruleset } from './ruleset';

/**
 * The canonical form a ruleset is identified by: keys sorted recursively (by UTF-16 code unit,
 * the order of `Array.prototype.sort`, so no locale can change it), no whitespace, numbers as
 * `JSON.stringify` prints them. Pass a validated ruleset, whose defaults are all filled in, so
 * that omitting a default and writing it out give the same text.
 */
export function canonicalJson(ruleset: Ruleset): string {
  return canonicalValue(ruleset, '');
}

/** Lowercase hex SHA-256 of the canonical JSON: the ruleset's immutable identity. */
export function rulesetHash(ruleset: Ruleset): string {
  return createHash('sha256').update(canonicalJson(ruleset), 'utf8').digest('hex');
}

function canonicalValue(value: unknown, path: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    // JSON has no NaN or Infinity; stringify would silently write null and change the meaning.
    if (!Number.isFinite(value)) throw new RangeError(`Non-finite number at "${path}"`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => canonicalValue(item, `${path}[${index}]`)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map(
        (key) =>
          `${JSON.stringify(key)}:${canonicalValue(record[key], path ? `${path}.${key}` : key)}`,
      );
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`Value of type ${typeof value} at "${path}" has no JSON form`);
}
