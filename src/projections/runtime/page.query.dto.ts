import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CommandRefusal } from '../../command-log/http/command-refusal';
import { ViewReadQuery } from './view-read.query.dto';

/** API.md's `limit`: 1 to 200, `fallback` when omitted. */
export const PageLimit = (fallback: number) =>
  applyDecorators(
    ApiPropertyOptional({ default: fallback, minimum: 1, maximum: 200 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(200),
  );

/** `limit` and an opaque `cursor`, as every list of API.md takes them. */
export class PageQuery extends ViewReadQuery {
  @PageLimit(20)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,512}$/, { message: 'cursor must be a nextCursor this API returned' })
  cursor?: string;
}

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  arity: number,
): (string | number)[] | null {
  if (cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((k) => typeof k === 'string' || typeof k === 'number')
    ) {
      return key;
    }
  } catch {
    // fall through to the refusal
  }
  throw new CommandRefusal('VALIDATION_FAILED', 'The cursor is not one this API returned.', [
    { path: 'cursor', message: 'cursor must be a nextCursor this API returned' },
  ]);
}
