/**
 * Conversions between instants and the ISO-8601 text that state and events hold. Deciders run
 * them for every command, and a what-if replay decides each command twice (candidate and
 * baseline) over a million-command history, so both are memoised. Memoising changes no
 * result: the same input always gives the same text or number.
 */

const isoByDate = new WeakMap<Date, string>();

/** `date.toISOString()`, computed once per Date object: instants here are never mutated. */
export function isoOf(date: Date): string {
  let iso = isoByDate.get(date);
  if (iso === undefined) {
    iso = date.toISOString();
    isoByDate.set(date, iso);
  }
  return iso;
}

/** Schedule times and registration times: a few strings, each read for many commands. */
const MAX_REMEMBERED = 50_000;
const msByIso = new Map<string, number>();

/** `Date.parse(iso)`, remembered for the strings seen most recently. */
export function msOf(iso: string): number {
  let ms = msByIso.get(iso);
  if (ms === undefined) {
    ms = Date.parse(iso);
    if (msByIso.size >= MAX_REMEMBERED) msByIso.clear();
    msByIso.set(iso, ms);
  }
  return ms;
}
