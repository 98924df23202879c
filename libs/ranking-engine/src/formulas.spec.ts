import {
  applyTransform,
  bayesianAverage,
  decayFactor,
  gravityDivisor,
  MS_PER_HOUR,
  roundHalfAwayFromZero,
  wilsonLowerBound,
} from '@contest/ranking-engine';

describe('wilsonLowerBound', () => {
  it('gives 0.351790 for 234 up of 600 at z = 1.96 (docs/RULESET.md)', () => {
    // p = 0.39, n = 600, z² = 3.8416; z²/2n = 0.00320133; p(1−p)/n + z²/4n² = 0.00039917;
    // √ = 0.01997918, ·z = 0.03915919; (0.39 + 0.00320133 − 0.03915919) / 1.00640267 = 0.351790
    expect(roundHalfAwayFromZero(wilsonLowerBound(234, 366, 1.96), 6)).toBe(0.35179);
  });

  it('gives 0.981955 for 398 up of 400 at z = 1.96 (docs/RULESET.md)', () => {
    // p = 0.995; z²/2n = 0.004802; p(1−p)/n + z²/4n² = 0.0000124375 + 0.0000060025 = 0.00001844;
    // √ = 0.00429418, ·z = 0.00841659; (0.995 + 0.004802 − 0.00841659) / 1.009604 = 0.981955
    expect(roundHalfAwayFromZero(wilsonLowerBound(398, 2, 1.96), 6)).toBe(0.981955);
  });

  it('is 0 when nobody voted (n = 0)', () => {
    expect(wilsonLowerBound(0, 0, 1.96)).toBe(0);
  });

  it('is 0, never slightly negative, when every vote is down', () => {
    // p = 0: z²/2n − z·√(z²/4n²) = z²/2n − z²/2n = 0 exactly in theory.
    expect(Object.is(wilsonLowerBound(0, 7, 1.96), 0)).toBe(true);
  });
});

describe('bayesianAverage', () => {
  it('pulls 3 up 1 down towards a prior of 0.5 with m = 10', () => {
    // (10·0.5 + 3) / (10 + 4) = 8 / 14 = 0.571428571…
    expect(bayesianAverage(3, 1, 10, 0.5)).toBeCloseTo(8 / 14, 15);
    expect(roundHalfAwayFromZero(bayesianAverage(3, 1, 10, 0.5), 6)).toBe(0.571429);
  });

  it('equals the prior when nobody voted', () => {
    // (10·0.25 + 0) / (10 + 0) = 0.25
    expect(bayesianAverage(0, 0, 10, 0.25)).toBe(0.25);
  });
});

describe('applyTransform', () => {
  it('identity leaves the count as it is', () => {
    expect(applyTransform('identity', 4)).toBe(4);
  });

  it('log1p is the natural log of 1 + x', () => {
    // ln(1 + (e − 1)) = ln e = 1; ln(1 + 0) = 0; ln(1 + 2) = 1.098612…
    expect(applyTransform('log1p', Math.E - 1)).toBeCloseTo(1, 15);
    expect(applyTransform('log1p', 0)).toBe(0);
    expect(roundHalfAwayFromZero(applyTransform('log1p', 2), 6)).toBe(1.098612);
  });

  it('sqrt is the square root', () => {
    // √9 = 3, √2 = 1.414214 (6 decimals)
    expect(applyTransform('sqrt', 9)).toBe(3);
    expect(roundHalfAwayFromZero(applyTransform('sqrt', 2), 6)).toBe(1.414214);
  });
});

describe('roundHalfAwayFromZero', () => {
  it('rounds 0.0000005 up to 0.000001 at precision 6', () => {
    // 5e-7 is the half-way digit at the 7th decimal: away from zero gives 1e-6.
    expect(roundHalfAwayFromZero(0.0000005, 6)).toBe(0.000001);
  });

  it('rounds 2.5 to 3 and -2.5 to -3 (away from zero, not to even)', () => {
    expect(roundHalfAwayFromZero(2.5, 0)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5, 0)).toBe(-3);
    expect(roundHalfAwayFromZero(0.5, 0)).toBe(1);
  });

  it('rounds the printed 1.005 up to 1.01, where binary arithmetic would give 1.00', () => {
    // 1.005 is stored as 1.00499999999999989…, so Math.round(1.005 * 100) / 100 is 1.
    expect(Math.round(1.005 * 100) / 100).toBe(1);
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
    expect(roundHalfAwayFromZero(-1.005, 2)).toBe(-1.01);
  });

  it('rounds 1.0049999999 down to 1.00 at precision 2', () => {
    expect(roundHalfAwayFromZero(1.0049999999, 2)).toBe(1);
  });

  it('never returns -0', () => {
    expect(Object.is(roundHalfAwayFromZero(-0.0000004, 6), 0)).toBe(true);
    expect(Object.is(roundHalfAwayFromZero(-0, 6), 0)).toBe(true);
  });

  it('leaves a value with fewer decimals than the precision unchanged', () => {
    expect(roundHalfAwayFromZero(1e21, 6)).toBe(1e21);
    expect(roundHalfAwayFromZero(0.25, 6)).toBe(0.25);
  });

  it('rounds values far below the last kept decimal to 0 and carries across digits', () => {
    expect(roundHalfAwayFromZero(3e-9, 6)).toBe(0);
    expect(roundHalfAwayFromZero(9.9999996, 6)).toBe(10); // 9.999999|6 → 10.000000
    expect(roundHalfAwayFromZero(0.1 + 0.2, 6)).toBe(0.3); // 0.300000|00000000004 → 0.3
    expect(roundHalfAwayFromZero(1234.5678, 2)).toBe(1234.57); // 1234.56|78 → 1234.57
  });

  it('refuses a precision that is not an integer from 0 to 100', () => {
    expect(() => roundHalfAwayFromZero(1, -1)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(1, 1.5)).toThrow(RangeError);
  });
});

describe('decayFactor', () => {
  const asOf = Date.UTC(2026, 4, 3);

  it('is 0.5 after one half-life and 0.25 after two', () => {
    // 2^(−24/24) = 0.5; 2^(−48/24) = 0.25
    expect(decayFactor(asOf, asOf - 24 * MS_PER_HOUR, 24)).toBe(0.5);
    expect(decayFactor(asOf, asOf - 48 * MS_PER_HOUR, 24)).toBe(0.25);
  });

  it('is 1 at asOf and never above 1 for a fact stamped after asOf', () => {
    expect(decayFactor(asOf, asOf, 24)).toBe(1);
    expect(decayFactor(asOf, asOf + MS_PER_HOUR, 24)).toBe(1);
  });
});

describe('gravityDivisor', () => {
  it('is (ageHours + offsetHours)^gravity', () => {
    // (2 + 2)^1.8 = 2^3.6 = 12.125733 (6 decimals)
    expect(roundHalfAwayFromZero(gravityDivisor(2 * MS_PER_HOUR, 0, 1.8, 2), 6)).toBe(12.125733);
  });

  it('divides by 1 rather than 0 at the instant of submission with offset 0', () => {
    expect(gravityDivisor(0, 0, 1.8, 0)).toBe(1);
  });
});
