/**
 * Conversions between instants and the ISO-8601 text that state and events hold. Deciders and
 * scorers run them for every command, and a what-if replay decides each command twice
 * (candidate and baseline) over a million-command history, so they are made cheap. Each gives
 * exactly what `toISOString` and `Date.parse` give (instants.spec.ts checks it).
 */

const MS_PER_DAY = 86_400_000;
/** 10000-01-01T00:00:00Z: from here on toISOString writes six-digit years. */
const YEAR_10000 = 253_402_300_800_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

// Commands come in time order, so most instants fall on the day of the one before.
let dayStart = Number.NaN;
let dayPrefix = '';
// The last instant written, for reading it back (an event's time, scored right after).
let lastIso = '';
let lastMs = Number.NaN;

/** `date.toISOString()`, without decomposing the date again for every instant of a day. */
export function isoOf(date: Date): string {
  const ms = date.getTime();
  const inDay = ms - dayStart;
  let iso: string;
  if (inDay >= 0 && inDay < MS_PER_DAY) {
    iso = `${dayPrefix}${TWO[Math.floor(inDay / 3_600_000)]}:${TWO[Math.floor(inDay / 60_000) % 60]}:${TWO[Math.floor(inDay / 1000) % 60]}.${THREE[inDay % 1000]}Z`;
  } else {
    iso = date.toISOString(); // also throws, as it should, for an invalid Date
    if (ms >= 0 && ms < YEAR_10000) {
      dayStart = ms - (ms % MS_PER_DAY);
      dayPrefix = iso.slice(0, 11);
    }
  }
  lastIso = iso;
  lastMs = ms;
  return iso;
}

/** `Date.parse(iso)`; the text isoOf wrote last is read back without parsing. */
export function timeOf(iso: string): number {
  return iso === lastIso ? lastMs : Date.parse(iso);
}

/** Times held in state (schedules, registrations): a few strings, each read for many commands. */
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
