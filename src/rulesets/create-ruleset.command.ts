import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CreateRuleset, decideRuleset, RulesetCreated } from '@contest/domain';
import { CommandEnvelope } from '../command-log/command-envelope';
import { CommandOutcome, CommandPipeline } from '../command-log/command-pipeline';

export class CreateRulesetCommand extends Command<
  CommandOutcome<RulesetCreated> & { rulesetId: string }
> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly create: CreateRuleset,
    /** The canonical JSON of the whole ruleset, stored as its definition. */
    readonly canonical: string,
  ) {
    super();
  }
}

@CommandHandler(CreateRulesetCommand)
export class CreateRulesetHandler implements ICommandHandler<CreateRulesetCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ envelope, create, canonical }: CreateRulesetCommand) {
    const { hash } = create.ruleset;
    let existing: string | undefined;
    const outcome = await this.pipeline.execute(envelope, {
      lockKeys: [`ruleset:${hash}`],
      load: async (tx) => {
        const rows: { ruleset_id: string }[] = await tx.query(
          `SELECT ruleset_id FROM rulesets WHERE hash = $1`,
          [hash],
        );
        existing = rows[0]?.ruleset_id;
        return { idsByHash: new Map(existing ? [[hash, existing]] : []) };
      },
      decide: (catalog) => decideRuleset(create, catalog),
      persist: async (tx, events) => {
        for (const event of events) {
          await tx.query(
            `INSERT INTO rulesets (ruleset_id, name, hash, definition, builtin, created_by, created_at)
             VALUES ($1, $2, $3, $4, false, $5, $6)`,
            [
              event.ruleset.rulesetId,
              event.ruleset.name,
              hash,
              canonical,
              event.createdBy,
              event.createdAt,
            ],
          );
        }
      },
      acceptedBody: () => ({ rulesetId: existing ?? create.ruleset.rulesetId, hash }),
    });
    return { ...outcome, rulesetId: existing ?? create.ruleset.rulesetId };
  }
}
