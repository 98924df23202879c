import { STANDARD_V1, TIE_BREAK_KEYS, TieBreakKey } from '../ruleset';
import { indexPath, RulesetError } from './object-reader';

const EXPECTED = TIE_BREAK_KEYS.join(', ');

/** A permutation of the four keys: anything less would leave ties, anything more is a typo. */
export function readTieBreak(
  value: unknown,
  path: string,
  errors: RulesetError[],
): readonly TieBreakKey[] {
  if (value === undefined) return [...STANDARD_V1.scoring.tieBreak];
  if (!Array.isArray(value)) {
    errors.push({ path, message: `must be an array holding each of ${EXPECTED} exactly once` });
    return [...STANDARD_V1.scoring.tieBreak];
  }
  const seen: TieBreakKey[] = [];
  let elementsValid = true;
  value.forEach((element: unknown, index) => {
    const key = TIE_BREAK_KEYS.find((candidate) => candidate === element);
    if (key === undefined) {
      errors.push({ path: indexPath(path, index), message: `must be one of ${EXPECTED}` });
      elementsValid = false;
    } else if (seen.includes(key)) {
      errors.push({ path: indexPath(path, index), message: `duplicate key ${key}; list it once` });
      elementsValid = false;
    } else {
      seen.push(key);
    }
  });
  const missing = TIE_BREAK_KEYS.filter((key) => !seen.includes(key));
  if (missing.length > 0) {
    errors.push({
      path,
      message: `must hold each of ${EXPECTED} exactly once (missing: ${missing.join(', ')})`,
    });
  }
  return elementsValid && missing.length === 0 ? seen : [...STANDARD_V1.scoring.tieBreak];
}
