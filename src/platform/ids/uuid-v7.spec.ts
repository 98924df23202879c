import { uuidv7 } from './uuid-v7';

describe('uuidv7', () => {
  it('is a version-7, variant-1 UUID whose first 48 bits are the time given', () => {
    const now = Date.parse('2026-11-26T12:00:00.000Z');
    const id = uuidv7(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });

  it('never repeats, across many refills of its random pool', () => {
    const now = Date.now();
    const ids = Array.from({ length: 20_000 }, () => uuidv7(now));
    expect(new Set(ids).size).toBe(ids.length);
    // The random part differs too, not only the whole: no random bytes are handed out twice.
    expect(new Set(ids.map((id) => id.slice(15))).size).toBe(ids.length);
  });

  it('sorts by time', () => {
    const earlier = uuidv7(1_000_000);
    const later = uuidv7(1_000_001);
    expect(earlier < later).toBe(true);
  });
});
