import { Role, ROLES } from '../identity/identity.commands';

/** A stored command whose payload lacks a field its type needs, or holds it in another shape. */
export class CommandDecodeError extends Error {
  constructor(
    readonly type: string,
    readonly field: string,
    expected: string,
  ) {
    super(`${type}.${field}: expected ${expected}`);
  }
}

type Payload = Readonly<Record<string, unknown>>;

/**
 * Readers of one payload field each: a field that is missing or of another shape is an error
 * naming the command type and the field, never a default that would decide the command anew
 * with other facts.
 */
export class PayloadReader {
  constructor(
    private readonly type: string,
    private readonly payload: Payload,
  ) {}

  text(field: string): string {
    const value = this.payload[field];
    if (typeof value !== 'string') throw new CommandDecodeError(this.type, field, 'a string');
    return value;
  }

  instant(field: string): Date {
    const value = this.payload[field];
    const at = typeof value === 'string' ? new Date(value) : null;
    if (!at || Number.isNaN(at.getTime()))
      throw new CommandDecodeError(this.type, field, 'an ISO-8601 instant');
    return at;
  }

  /** A field that must hold exactly `expected` (it repeats what the type says). */
  literal<T extends string>(field: string, expected: T): T {
    if (this.payload[field] !== expected)
      throw new CommandDecodeError(this.type, field, JSON.stringify(expected));
    return expected;
  }

  /** A field stored as null when the command has no value for it (never absent). */
  nullable<T>(field: string, read: () => T): T | null {
    if (this.payload[field] === null) return null;
    if (this.payload[field] === undefined)
      throw new CommandDecodeError(this.type, field, 'a value or null');
    return read();
  }

  /** An instant the command may leave out (stored as an absent field). */
  optionalInstant(field: string): Date | null {
    return this.payload[field] === undefined ? null : this.instant(field);
  }

  number(field: string): number {
    const value = this.payload[field];
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new CommandDecodeError(this.type, field, 'a finite number');
    return value;
  }

  boolean(field: string): boolean {
    const value = this.payload[field];
    if (typeof value !== 'boolean') throw new CommandDecodeError(this.type, field, 'true or false');
    return value;
  }

  vote(field: string): 1 | -1 {
    const value = this.payload[field];
    if (value !== 1 && value !== -1) throw new CommandDecodeError(this.type, field, '1 or -1');
    return value;
  }

  role(field: string): Role {
    const value = this.payload[field];
    if (!(ROLES as readonly unknown[]).includes(value))
      throw new CommandDecodeError(this.type, field, `one of ${ROLES.join(', ')}`);
    return value as Role;
  }

  /** A list of roles the command may leave out (stored as an absent field when empty). */
  roles(field: string): readonly Role[] {
    const value = this.payload[field];
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((r) => (ROLES as readonly unknown[]).includes(r)))
      throw new CommandDecodeError(this.type, field, 'a list of roles');
    return value as Role[];
  }

  object(field: string): Payload {
    const value = this.payload[field];
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new CommandDecodeError(this.type, field, 'an object');
    return value as Payload;
  }
}
