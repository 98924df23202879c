/**
 * A floating-point sum that is exact until it is read, then correctly rounded once (Shewchuk's
 * algorithm, as in Python's math.fsum). The result does not depend on the order of the terms,
 * so live standings, replays and a re-fed history agree bit for bit however the facts were
 * interleaved. Terms must be finite.
 */
export class ExactSum {
  /** Non-overlapping partial sums, increasing in magnitude; their exact sum is the total. */
  private readonly partials: number[] = [];

  add(term: number): void {
    let x = term;
    let kept = 0;
    for (const partial of this.partials) {
      let y = partial;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) this.partials[kept++] = lo;
      x = hi;
    }
    this.partials.length = kept;
    this.partials.push(x);
  }

  value(): number {
    const partials = this.partials;
    let n = partials.length;
    if (n === 0) return 0;
    let hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half to even across the remaining partials, which the loop above cannot see.
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  static of(terms: Iterable<number>): number {
    const sum = new ExactSum();
    for (const term of terms) sum.add(term);
    return sum.value();
  }
}
