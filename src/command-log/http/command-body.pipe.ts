import {
  ArgumentMetadata,
  Injectable,
  Type,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { FieldProblem } from '../../platform/http/problem';
import { CommandRefusal } from '../../platform/http/refusal';

/**
 * class-validator at the edge: unknown fields are refused, types are not coerced, and every
 * problem is reported with its field path so the client knows what to fix.
 */
@Injectable()
export class CommandBodyPipe extends ValidationPipe {
  private readonly validQueries = new Map<Type<unknown>, Map<string, object>>();

  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors: ValidationError[]) =>
        // A cursor is opaque: one that is not a nextCursor of ours is INVALID_CURSOR.
        errors.every((error) => error.property === 'cursor')
          ? new CommandRefusal(
              'INVALID_CURSOR',
              'The cursor is not one this API returned.',
              fieldProblems(errors),
            )
          : new CommandRefusal('VALIDATION_FAILED', describe(errors), fieldProblems(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param' && metadata.metatype === Number)
      return integerParam(value, metadata.data ?? 'id');
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (
        value === undefined ||
        value === null ||
        typeof value !== 'object' ||
        Array.isArray(value)
      ) {
        throw new CommandRefusal('VALIDATION_FAILED', 'The body must be a JSON object.', [
          { path: '', message: 'expected a JSON object' },
        ]);
      }
    }
    if (metadata.type === 'query' && metadata.data === undefined && isQueryClass(metadata))
      return this.validQuery(value, metadata);
    return super.transform(value, metadata);
  }

  /**
   * Queries repeat (every reader of a standings page sends the same one), and class-transformer
   * with class-validator costs more than the rest of a cached read: a query that passed once is
   * answered from memory, as a copy, so no handler can change what the next one gets.
   */
  private async validQuery(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const key = JSON.stringify(value);
    let valid = this.validQueries.get(metadata.metatype!);
    const hit = valid?.get(key);
    if (hit) return Object.assign(Object.create(Object.getPrototypeOf(hit) as object), hit);
    const result = (await super.transform(value, metadata)) as object;
    if (key.length > 512) return result; // a long query is not kept
    if (!valid) this.validQueries.set(metadata.metatype!, (valid = new Map()));
    if (valid.size >= VALID_QUERIES_KEPT) valid.clear(); // bounded; refills as queries come
    valid.set(key, result);
    return Object.assign(Object.create(Object.getPrototypeOf(result) as object), result);
  }
}

/** A whole query (`@Query() query: SomeQuery`), not one of its values or a primitive. */
function isQueryClass(metadata: ArgumentMetadata): boolean {
  const type = metadata.metatype;
  return type !== undefined && ![Object, String, Number, Boolean, Array].includes(type as never);
}

/** Per query class: enough for every page size and offset a busy client set asks for. */
const VALID_QUERIES_KEPT = 1_000;

export function fieldProblems(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...fieldProblems(error.children ?? [], path)];
  });
}

function describe(errors: readonly ValidationError[]): string {
  const problems = fieldProblems(errors);
  const fields = [...new Set(problems.map((p) => p.path))];
  return `Fix these fields: ${fields.join(', ')}.`;
}

/**
 * A numeric path id: plain digits and a safe integer, refused naming the parameter otherwise.
 * Converted here, before any ParseIntPipe, so 1e20 never becomes a bigint Postgres refuses.
 */
function integerParam(value: unknown, path: string): number {
  const id = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (Number.isSafeInteger(id)) return id;
  const message = `${path} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`;
  throw new CommandRefusal('VALIDATION_FAILED', `${message}.`, [{ path, message }]);
}
