import { RulesetRecord } from '@contest/domain';
import { Ruleset, rulesetHash, validateRuleset } from '@contest/ranking-engine';
import { CommandRefusal } from '../platform/http/refusal';

/**
 * A definition from a request body, validated and defaulted by the ranking engine; every
 * problem becomes a field of a 400 INVALID_RULESET, with its path under `definition`.
 */
export function validatedDefinition(definition: unknown): { ruleset: Ruleset; hash: string } {
  const checked = validateRuleset(definition);
  if (!checked.ok) {
    const errors = checked.errors.map((e) => ({
      path: e.path ? `definition.${e.path}` : 'definition',
      message: e.message,
    }));
    throw new CommandRefusal(
      'INVALID_RULESET',
      `Fix ${errors.length} problem(s) in the definition.`,
      errors,
    );
  }
  return { ruleset: checked.ruleset, hash: rulesetHash(checked.ruleset) };
}

export function rulesetRecord(
  rulesetId: string,
  name: string,
  ruleset: Ruleset,
  hash: string,
): RulesetRecord {
  return {
    rulesetId,
    name,
    hash,
    acceptance: ruleset.acceptance,
    scoring: ruleset.scoring as unknown as Record<string, unknown>,
  };
}
