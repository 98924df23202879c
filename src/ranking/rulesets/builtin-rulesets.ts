import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { canonicalJson, rulesetHash, STANDARD_V1, STANDARD_V1_NAME } from '@contest/ranking-engine';
import { DataSource } from 'typeorm';

/** The id contests use when they name no ruleset. */
export const DEFAULT_RULESET_ID = 'standard-v1';

/**
 * The built-in ruleset lives in code; its row is written at boot so that contests can name
 * it like any stored one. Stored rulesets are immutable, so an existing row is left as is.
 */
@Injectable()
export class BuiltinRulesets implements OnApplicationBootstrap {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO rulesets (ruleset_id, name, hash, definition, builtin, created_by, created_at)
       VALUES ($1, $2, $3, $4, true, 'system', now())
       ON CONFLICT DO NOTHING`,
      [DEFAULT_RULESET_ID, STANDARD_V1_NAME, rulesetHash(STANDARD_V1), canonicalJson(STANDARD_V1)],
    );
  }
}
