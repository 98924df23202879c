import { CommandRefusal } from '../../platform/http/refusal';
import { encodeCursor } from './page.query.dto';

/** The sort key of a page's last row, which the next page's cursor carries. */
export type PageKey = readonly (string | number)[];

/** One page of a view, read one row past its limit to learn whether another follows. */
export interface ViewPage<T> {
  readonly items: T[];
  /** The last item's sort key when another page follows, else null. */
  readonly nextKey: PageKey | null;
}

/** Cuts rows read with `limit + 1` down to a page; readers call it. */
export function pageOf<R, T>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => PageKey,
  toItem: (row: R) => T,
): ViewPage<T> {
  const page = rows.slice(0, limit);
  return {
    items: page.map(toItem),
    nextKey: rows.length > limit ? keyOf(page[page.length - 1]) : null,
  };
}

/** A page as a reply carries it: its items and the opaque cursor of the next page. */
export function pageWithCursor<T>(page: ViewPage<T>) {
  return { items: page.items, nextCursor: page.nextKey ? encodeCursor(page.nextKey) : null };
}

/** A list view's reply: the page, its opaque cursor, and the position it was read at. */
export function pageReply<T>(page: ViewPage<T>, position: number) {
  return { ...pageWithCursor(page), position };
}

/** The row a view read found, or 404 NOT_FOUND with `missing` as its detail. */
export function orNotFound<T>(row: T | null, missing: string): T {
  if (!row) throw new CommandRefusal('NOT_FOUND', missing);
  return row;
}

/** A one-row view's reply: the row and the position it was read at, or 404 NOT_FOUND. */
export function oneRowReply<T extends object>(
  row: T | null,
  position: number,
  missing: string,
): T & { readonly position: number } {
  return { ...orNotFound(row, missing), position };
}
