import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { isEmail, ValidateBy, ValidationOptions } from 'class-validator';
import { isUnsafeText } from './unsafe-input';

/**
 * A query-string integer: plain decimal digits only (no sign, exponent, hex, blanks or
 * fraction), a safe integer, within [min, max]. Anything else stays a string and is refused
 * naming the parameter, so no out-of-range number ever reaches Postgres.
 */
export const QueryInteger = (min: number, max: number) =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value,
    ),
    ValidateBy({
      name: 'queryInteger',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max,
        defaultMessage: (args) => `${args?.property} must be a whole number from ${min} to ${max}`,
      },
    }),
  );

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/**
 * An ISO-8601 date or date-time between the years 1 and 9999 that exists on the calendar:
 * what both JavaScript and Postgres read the same way. `5001` (a year alone), `+275760-...`
 * (beyond either) and `2026-02-30` are refused.
 */
export function isIsoTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = ISO_TIME.exec(value);
  if (!match) return false;
  const [, y, mo, d, h = '0', mi = '0', s = '0', , oh = '0', om = '0'] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCDate() !== day) return false;
  return Number(h) < 24 && Number(mi) < 60 && Number(s) < 60 && Number(oh) <= 14 && Number(om) < 60;
}

export const IsIsoTime = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isIsoTime',
      validator: {
        validate: isIsoTime,
        defaultMessage: (args) =>
          `${args?.property} must be an ISO-8601 time such as 2026-12-01T00:00:00Z`,
      },
    },
    options,
  );

/**
 * An e-mail address. validator's isEmail throws a URIError on a lone surrogate; that is an
 * address it cannot read, so a refusal, not a 500.
 */
export const IsEmailAddress = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || isUnsafeText(value)) return false;
          try {
            return isEmail(value);
          } catch {
            return false;
          }
        },
        defaultMessage: (args) => `${args?.property} must be an email address`,
      },
    },
    options,
  );
