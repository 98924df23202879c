import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface RulesetRow {
  ruleset_id: string;
  name: string;
  hash: string;
  definition: unknown;
  builtin: boolean;
  created_by: string | null;
  created_at: Date;
}

/** A stored ruleset as admins see it: built-in or created, with its canonical definition. */
export interface StoredRuleset {
  rulesetId: string;
  name: string;
  hash: string;
  builtin: boolean;
  definition: unknown;
  createdBy: string | null;
  createdAt: string;
}

/** Reads the ruleset catalog (the rulesets table). */
@Injectable()
export class RulesetsReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first, the built-in ones (stored at the first boot) among them. */
  async all(): Promise<StoredRuleset[]> {
    const rows: RulesetRow[] = await this.dataSource.query(
      `SELECT * FROM rulesets ORDER BY created_at, ruleset_id`,
    );
    return rows.map(toStoredRuleset);
  }

  async find(rulesetId: string): Promise<StoredRuleset | null> {
    const [row]: RulesetRow[] = await this.dataSource.query(
      `SELECT * FROM rulesets WHERE ruleset_id = $1`,
      [rulesetId],
    );
    return row ? toStoredRuleset(row) : null;
  }
}

function toStoredRuleset(row: RulesetRow): StoredRuleset {
  return {
    rulesetId: row.ruleset_id,
    name: row.name,
    hash: row.hash,
    builtin: row.builtin,
    definition: row.definition,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}
