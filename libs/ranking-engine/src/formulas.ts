import { Transform } from './ruleset';

export const MS_PER_HOUR = 3_600_000;

/**
 * Lower bound of the Wilson score interval of up/(up+down), as written in docs/RULESET.md.
 * `up` and `down` may be decayed (fractional) sums.
 */
export function wilsonLowerBound(up: number, down: number, z: number): number {
  const n = up + down;
  if (n === 0) return 0;
  const p = up / n;
  const z2 = z * z;
  const bound =
    (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  // With up = 0 the two terms cancel exactly in theory; rounding can leave -1e-17.
  return Math.max(0, bound);
}

/** (m·prior + up) / (m + n): the ratio pulled towards the prior while there are few votes. */
export function bayesianAverage(up: number, down: number, m: number, prior: number): number {
  return (m * prior + up) / (m + up + down);
}

export function applyTransform(kind: Transform, x: number): number {
  switch (kind) {
    case 'identity':
      return x;
    case 'log1p':
      return Math.log1p(x);
    case 'sqrt':
      return Math.sqrt(x);
  }
}

/**
 * 2^(−(asOf − t)/halfLife). A fact stamped after asOf counts as brand new (factor 1), never
 * more: asOf is the newest command taken into account, so this only guards misuse.
 */
export function decayFactor(asOfMs: number, atMs: number, halfLifeHours: number): number {
  const ageMs = Math.max(0, asOfMs - atMs);
  return Math.pow(2, -ageMs / (halfLifeHours * MS_PER_HOUR));
}

/**
 * (ageHours + offsetHours)^gravity, the Hacker News divisor. Age is clamped at 0 so that a
 * negative base cannot yield NaN; a zero base (offset 0 at the instant of submission) divides
 * by 1 instead of producing an infinite score.
 */
export function gravityDivisor(
  asOfMs: number,
  submittedAtMs: number,
  gravity: number,
  offsetHours: number,
): number {
  const ageHours = Math.max(0, asOfMs - submittedAtMs) / MS_PER_HOUR;
  const base = ageHours + offsetHours;
  return base === 0 ? 1 : Math.pow(base, gravity);
}

/**
 * Rounds half away from zero to `precision` decimals, on the decimal the number prints as.
 *
 * Why decimal strings: `Math.round(x * 10^p) / 10^p` works on the binary value, so 1.005
 * (stored as 1.00499999999999989…) becomes 1.00 and 0.0000005 * 10^6 lands below 0.5. Here the
 * digits are those of the shortest round-trip representation (`toExponential()` without an
 * argument, as fixed by ECMAScript), the rounding is done on those digits with integer
 * arithmetic, and the result is parsed back, which is correctly rounded by the standard. So
 * 1.005 → 1.01 and 1.0049999999 → 1.00, exactly as a reader of the printed value expects,
 * identically on every conforming engine.
 */
export function roundHalfAwayFromZero(x: number, precision: number): number {
  if (!Number.isInteger(precision) || precision < 0 || precision > 100) {
    throw new RangeError(`precision must be an integer from 0 to 100, got ${precision}`);
  }
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  const [mantissa, exponentText] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  // |x| = 0.d0d1d2… × 10^(exponent + 1); keep the digits down to 10^-precision.
  const keep = Number(exponentText) + 1 + precision;
  if (keep >= digits.length) return x;
  if (keep < 0) return 0;
  const kept = BigInt(digits.slice(0, keep) || '0');
  const rounded = digits.charCodeAt(keep) >= '5'.charCodeAt(0) ? kept + 1n : kept;
  if (rounded === 0n) return 0; // never -0
  const magnitude = Number(`${rounded}e-${precision}`);
  return x < 0 ? -magnitude : magnitude;
}
