import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { RulesetRecord } from '@contest/domain';
import {
  canonicalJson,
  rulesetHash,
  ScoringRules,
  STANDARD_V1,
  STANDARD_V1_NAME,
} from '@contest/ranking-engine';
import { DataSource } from 'typeorm';

/** The id contests use when they name no ruleset. */
export const DEFAULT_RULESET_ID = 'standard-v1';

/** The rulesets that live in code: what contests may name before any is stored, and replays know. */
export const BUILTIN_RULESETS: readonly RulesetRecord[] = [
  {
    rulesetId: DEFAULT_RULESET_ID,
    name: STANDARD_V1_NAME,
    hash: rulesetHash(STANDARD_V1),
    acceptance: STANDARD_V1.acceptance,
    scoring: STANDARD_V1.scoring as unknown as Record<string, unknown>,
  },
];

/**
 * The built-in rulesets' rows are written at boot so that contests can name them like any
 * stored one. Stored rulesets are immutable, so an existing row is left as is.
 */
@Injectable()
export class BuiltinRulesets implements OnApplicationBootstrap {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const ruleset of BUILTIN_RULESETS) {
      await this.dataSource.query(
        `INSERT INTO rulesets (ruleset_id, name, hash, definition, builtin, created_by, created_at)
         VALUES ($1, $2, $3, $4, true, 'system', now())
         ON CONFLICT DO NOTHING`,
        [
          ruleset.rulesetId,
          ruleset.name,
          ruleset.hash,
          canonicalJson({
            acceptance: ruleset.acceptance,
            scoring: ruleset.scoring as unknown as ScoringRules,
          }),
        ],
      );
    }
  }
}
