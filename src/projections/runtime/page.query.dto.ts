import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CommandRefusal } from '../../platform/http/refusal';
import { QueryInteger } from '../../platform/http/edge-validators';
import { ViewReadQuery } from './view-read.query.dto';

/** docs/API.md's `limit`: 1 to 200, `fallback` when omitted. */
export const PageLimit = (fallback: number) =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'integer',
      format: 'int32',
      default: fallback,
      minimum: 1,
      maximum: 200,
      description: 'The most items the page holds',
    }),
    IsOptional(),
    QueryInteger(1, 200),
  );

/** What a cursor's text must look like; anything else is refused as INVALID_CURSOR. */
export const CURSOR_TEXT = /^[A-Za-z0-9_-]{1,512}$/;

/** An opaque `cursor` query parameter (its content is checked where it is decoded). */
export const PageCursor = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'string',
      pattern: CURSOR_TEXT.source,
      minLength: 1,
      maxLength: 512,
      description:
        "The previous page's nextCursor, as it came: the page after it. A cursor this API did " +
        'not return is INVALID_CURSOR',
    }),
    IsOptional(),
    IsString({ message: 'cursor must be a nextCursor this API returned' }),
    Matches(CURSOR_TEXT, { message: 'cursor must be a nextCursor this API returned' }),
  );

/** `limit` and an opaque `cursor`, as every list of docs/API.md takes them. */
export class PageQuery extends ViewReadQuery {
  @PageLimit(20)
  limit?: number;

  @PageCursor()
  cursor?: string;
}

/** The sort-key columns a cursor may hold, each checked before it reaches SQL. */
export type CursorField = 'time' | 'uuid' | 'xid' | 'position';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_XID8 = 2n ** 64n - 1n;

const FIELD_CHECK: Record<CursorField, (value: unknown) => boolean> = {
  time: (v) => typeof v === 'string' && ISO_MILLIS.test(v) && new Date(v).toISOString() === v,
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  xid: (v) => typeof v === 'string' && /^\d{1,20}$/.test(v) && BigInt(v) <= MAX_XID8,
  position: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
};

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The sort key a cursor holds, checked field by field against `shape`; a cursor this API did
 * not make (or that was altered) is INVALID_CURSOR, never a value Postgres chokes on.
 */
export function decodeCursor(
  cursor: string | undefined,
  shape: readonly CursorField[],
): (string | number)[] | null {
  if (cursor === undefined) return null;
  try {
    const key: unknown = CURSOR_TEXT.test(cursor)
      ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
      : null;
    if (
      Array.isArray(key) &&
      key.length === shape.length &&
      shape.every((field, i) => FIELD_CHECK[field](key[i]))
    ) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the refusal
  }
  throw new CommandRefusal('INVALID_CURSOR', 'The cursor is not one this API returned.', [
    { path: 'cursor', message: 'cursor must be a nextCursor this API returned' },
  ]);
}
