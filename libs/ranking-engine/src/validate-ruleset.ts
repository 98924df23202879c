import { Ruleset } from './ruleset';
import { ObjectReader, RulesetError } from './validation/object-reader';
import { readAcceptance } from './validation/validate-acceptance';
import { readScoring } from './validation/validate-scoring';

export type { RulesetError } from './validation/object-reader';

export type RulesetValidation =
  | { readonly ok: true; readonly ruleset: Ruleset }
  | { readonly ok: false; readonly errors: readonly RulesetError[] };

/**
 * Checks a submitted ruleset (parsed JSON) and fills in every omitted field with its default.
 * All problems are reported at once, each with its dotted path ('' is the root), in document
 * order of the contract: acceptance first, then scoring.
 */
export function validateRuleset(input: unknown): RulesetValidation {
  const errors: RulesetError[] = [];
  const root = ObjectReader.open(input, '', errors);
  root.rejectUnknown(['acceptance', 'scoring']);
  const ruleset: Ruleset = {
    acceptance: readAcceptance(root.child('acceptance')),
    scoring: readScoring(root.child('scoring')),
  };
  return errors.length === 0 ? { ok: true, ruleset } : { ok: false, errors };
}
