import { isEmail, validateSync } from 'class-validator';
import { IsEmailAddress, isIsoTime } from './edge-validators';
import { findInputProblems } from './unsafe-input';

class Mail {
  @IsEmailAddress()
  email: string;
}

describe('edge validators', () => {
  it('refuses an email with a lone surrogate instead of throwing the URIError isEmail throws', () => {
    expect(() => isEmail('a\ud800@b.co')).toThrow(URIError);
    const mail = Object.assign(new Mail(), { email: 'a\ud800@b.co' });
    expect(validateSync(mail).map((e) => e.property)).toEqual(['email']);
  });

  it('accepts calendar ISO-8601 times Postgres and JavaScript both read, and nothing else', () => {
    for (const ok of ['2026-12-01', '2026-12-01T00:00:00Z', '2024-02-29T23:59:59.123+02:00'])
      expect(isIsoTime(ok)).toBe(true);
    for (const bad of [
      '5001',
      '+275760-09-13T00:00:00.001Z',
      '2026-02-30',
      '2025-02-29',
      '0000-01-01',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:00+15:00',
    ])
      expect(isIsoTime(bad)).toBe(false);
  });

  it('finds unsafe text and too-deep nesting without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findInputProblems(deep)).toEqual([
      expect.objectContaining({ kind: 'depth', path: Array(32).fill('0').join('.') }),
    ]);
    const paths = findInputProblems({ a: [{ b: 'x\u0000' }], ['k\ud800']: 1 }).map((p) => p.path);
    expect(paths.sort()).toEqual(['a.0.b', 'k\ufffd']);
  });
});
