import { accept, Decision } from '../decision';
import { RulesetRecord } from '../contests/contest.state';

/** Stores a validated ruleset. Validation (with JSON paths) happens at the edge, in the engine. */
export interface CreateRuleset {
  readonly type: 'CreateRuleset';
  readonly receivedAt: Date;
  readonly ruleset: RulesetRecord;
  readonly createdBy: string;
}

export interface RulesetCreated {
  readonly type: 'RulesetCreated';
  readonly ruleset: RulesetRecord;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** Rulesets known by their canonical hash: one definition, one stored ruleset. */
export interface RulesetCatalog {
  readonly idsByHash: ReadonlyMap<string, string>;
}

/**
 * Rulesets are immutable and identified by the hash of their canonical form: the same
 * definition submitted twice is the same ruleset, so the second submission changes nothing.
 */
export function decideRuleset(
  command: CreateRuleset,
  catalog: RulesetCatalog,
): Decision<RulesetCreated> {
  if (catalog.idsByHash.has(command.ruleset.hash)) return accept();
  return accept({
    type: 'RulesetCreated',
    ruleset: command.ruleset,
    createdBy: command.createdBy,
    createdAt: command.receivedAt.toISOString(),
  });
}
