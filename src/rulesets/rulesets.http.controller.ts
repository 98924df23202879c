import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canonicalJson } from '@contest/ranking-engine';
import type { FastifyRequest } from 'fastify';
import { CommandRefusal } from '../platform/http/refusal';
import { commandReply } from '../command-log/http/command-reply';
import { commandEnvelope } from '../command-log/http/envelope-from-request';
import { requestContext } from '../platform/http/request-context';
import { uuidv7 } from '../platform/ids/uuid-v7';
import { RequireRoles } from '../identity/auth/access.decorators';
import { CreateRulesetCommand } from './create-ruleset.command';
import { CreateRulesetRequest } from './create-ruleset.request.dto';
import { rulesetRecord, validatedDefinition } from './ruleset-definition';
import { RulesetsReader } from './rulesets.reader';

@ApiTags('rulesets')
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
    summary:
      'Store a ruleset, identified by the hash of its canonical form (INVALID_RULESET with paths)',
  })
  @ApiCreatedResponse({
    description:
      '{ rulesetId, hash, commandId, position }; the same definition twice gives the same ruleset',
  })
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
  @ApiOkResponse({
    description: '{ items: [{ rulesetId, name, hash, builtin, definition, createdAt }] }',
  })
  async list() {
    return { items: await this.rulesets.all() };
  }

  @Get(':rulesetId')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'One stored ruleset' })
  async one(@Param('rulesetId') rulesetId: string) {
    // A long id is cut to 64 characters before it reaches SQL or the problem reply.
    const id = rulesetId.slice(0, 64);
    const ruleset = await this.rulesets.find(id);
    if (!ruleset) throw new CommandRefusal('NOT_FOUND', `No ruleset has the id ${id}.`);
    return ruleset;
  }
}
