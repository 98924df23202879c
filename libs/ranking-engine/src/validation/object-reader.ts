/** One problem of a submitted ruleset; `path` is dotted from the root ('' for the root). */
export interface RulesetError {
  readonly path: string;
  readonly message: string;
}

/** A constraint on a number field, with the message that tells the author how to fix it. */
export interface NumberRule {
  readonly holds: (value: number) => boolean;
  readonly message: string;
}

export const ANY_FINITE: NumberRule = { holds: () => true, message: 'must be a finite number' };
export const NON_NEGATIVE: NumberRule = { holds: (v) => v >= 0, message: 'must be a number ≥ 0' };
export const POSITIVE: NumberRule = { holds: (v) => v > 0, message: 'must be a number > 0' };

export const childPath = (parent: string, key: string): string =>
  parent === '' ? key : `${parent}.${key}`;

export const indexPath = (parent: string, index: number): string => `${parent}[${index}]`;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the fields of one JSON object, applying defaults to omitted fields and recording every
 * problem instead of stopping at the first, so an author sees all fixes in one round trip.
 * A field that is wrong yields its default so that the siblings are still checked.
 */
export class ObjectReader {
  private constructor(
    private readonly fields: Readonly<Record<string, unknown>>,
    readonly path: string,
    readonly errors: RulesetError[],
  ) {}

  /** `undefined` means omitted: every field takes its default. */
  static open(input: unknown, path: string, errors: RulesetError[]): ObjectReader {
    if (input === undefined) return new ObjectReader({}, path, errors);
    if (!isPlainObject(input)) {
      errors.push({ path, message: 'must be an object' });
      return new ObjectReader({}, path, errors);
    }
    return new ObjectReader(input, path, errors);
  }

  rejectUnknown(known: readonly string[], context = ''): void {
    for (const key of Object.keys(this.fields)) {
      if (!known.includes(key)) {
        const suffix = context === '' ? '' : ` ${context}`;
        this.report(key, `unknown field${suffix} (expected one of ${known.join(', ')})`);
      }
    }
  }

  raw(key: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.fields, key) ? this.fields[key] : undefined;
  }

  pathOf(key: string): string {
    return childPath(this.path, key);
  }

  report(key: string, message: string): void {
    this.errors.push({ path: this.pathOf(key), message });
  }

  child(key: string): ObjectReader {
    return ObjectReader.open(this.raw(key), this.pathOf(key), this.errors);
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.report(key, 'must be a boolean (true or false)');
    return fallback;
  }

  number(key: string, fallback: number, rule: NumberRule): number {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && rule.holds(value)) return value;
    this.report(key, rule.message);
    return fallback;
  }

  oneOf<T extends string>(key: string, options: readonly T[], fallback: T): T {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    const match = options.find((option) => option === value);
    if (match !== undefined) return match;
    this.report(key, `must be one of ${options.join(', ')}`);
    return fallback;
  }
}
