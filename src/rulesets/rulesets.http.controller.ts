import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { canonicalJson } from '@contest/ranking-engine';
import type { FastifyRequest } from 'fastify';
import { CommandRefusal } from '../platform/http/refusal';
import { commandReply } from '../command-log/http/command-reply';
import { commandEnvelope } from '../command-log/http/envelope-from-request';
import { requestContext } from '../platform/http/request-context';
import { uuidv7 } from '../platform/ids/uuid-v7';
import { RequireRoles } from '../identity/auth/access.decorators';
import { CreateRulesetCommand } from './create-ruleset.command';
import { CreateRulesetRequest, RULESET_INPUT_MODELS } from './create-ruleset.request.dto';
import { Refuses } from '../platform/http/contract/refuses.decorator';
import { rulesetRecord, validatedDefinition } from './ruleset-definition';
import { RulesetsReader } from './rulesets.reader';
import {
  RULESET_DEFINITION_MODELS,
  RulesetCreatedReply,
  RulesetList,
  RulesetReply,
} from './rulesets.reply.dto';

@ApiTags('rulesets')
@ApiExtraModels(...RULESET_DEFINITION_MODELS, ...RULESET_INPUT_MODELS)
@Controller('admin/rulesets')
export class RulesetsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly rulesets: RulesetsReader,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Store a ruleset',
    description:
      'The definition is validated (every problem reported at once, with its path under ' +
      'definition), its defaults filled in, and identified by the SHA-256 of its canonical ' +
      'form: the same definition sent again answers the first ruleset, and stores nothing new.',
  })
  @ApiCreatedResponse({
    type: RulesetCreatedReply,
    description: 'The ruleset is stored, or was already',
  })
  @Refuses('INVALID_RULESET')
  async create(@Body() body: CreateRulesetRequest, @Req() request: FastifyRequest) {
    const { ruleset, hash } = validatedDefinition(body.definition);
    const rulesetId = uuidv7();
    const ctx = requestContext(request);
    const record = rulesetRecord(rulesetId, body.name, ruleset, hash);
    const create = {
      type: 'CreateRuleset',
      receivedAt: ctx.receivedAt,
      ruleset: record,
      createdBy: ctx.actor!.userId,
    } as const;
    const envelope = commandEnvelope(request, create, `ruleset:${hash}`);
    const outcome = await this.commandBus.execute(
      new CreateRulesetCommand(envelope, create, canonicalJson(ruleset)),
    );
    return commandReply(request, outcome);
  }

  @Get()
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Every stored ruleset, standard-v1 included' })
  @ApiOkResponse({ type: RulesetList, description: 'The rulesets, oldest first' })
  async list() {
    return { items: await this.rulesets.all() };
  }

  @Get(':rulesetId')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'One stored ruleset' })
  @ApiOkResponse({ type: RulesetReply, description: 'The ruleset, its definition canonical' })
  @Refuses('NOT_FOUND')
  async one(@Param('rulesetId') rulesetId: string) {
    // A long id is cut to 64 characters before it reaches SQL or the problem reply.
    const id = rulesetId.slice(0, 64);
    const ruleset = await this.rulesets.find(id);
    if (!ruleset) throw new CommandRefusal('NOT_FOUND', `No ruleset has the id ${id}.`);
    return ruleset;
  }
}
