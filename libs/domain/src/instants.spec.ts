import fc from 'fast-check';
import { isoOf, msOf, timeOf } from './instants';

describe('instants', () => {
  const instant = fc.integer({ min: -62_167_219_200_000, max: 8_640_000_000_000_000 });

  it('isoOf writes exactly what toISOString writes, for any instant in any order', () => {
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 20 }), (times) => {
        for (const ms of times) expect(isoOf(new Date(ms))).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 300 },
    );
  });

  it('isoOf is right across a day of consecutive instants, and at the day boundaries', () => {
    const day = Date.parse('2026-11-26T00:00:00.000Z');
    for (let ms = day - 3_000; ms < day + 86_400_000 + 3_000; ms += 9_973) {
      expect(isoOf(new Date(ms))).toBe(new Date(ms).toISOString());
    }
  });

  it('isoOf refuses an invalid Date like toISOString does', () => {
    expect(() => isoOf(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('timeOf and msOf read back what Date.parse reads, whether just written or not', () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const written = isoOf(new Date(a));
        const other = new Date(b).toISOString();
        expect(timeOf(written)).toBe(a);
        expect(timeOf(other)).toBe(Date.parse(other));
        expect(msOf(other)).toBe(Date.parse(other));
        expect(msOf(other)).toBe(Date.parse(other));
      }),
      { numRuns: 300 },
    );
  });
});
