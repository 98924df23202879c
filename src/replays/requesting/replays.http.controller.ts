import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RulesetRecord } from '@contest/domain';
import type { FastifyRequest } from 'fastify';
import { CommandRefusal } from '../../platform/http/refusal';
import { commandReply } from '../../command-log/http/command-reply';
import { commandEnvelope } from '../../command-log/http/envelope-from-request';
import { requestContext } from '../../platform/http/request-context';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { uuidv7 } from '../../platform/ids/uuid-v7';
import { RequireRoles } from '../../identity/auth/access.decorators';
import { Refuses } from '../../platform/http/contract/refuses.decorator';
import { RULESET_INPUT_MODELS } from '../../rulesets/create-ruleset.request.dto';
import { rulesetRecord, validatedDefinition } from '../../rulesets/ruleset-definition';
import { RULESET_DEFINITION_MODELS } from '../../rulesets/rulesets.reply.dto';
import { ReplayStore } from '../replay-store';
import { RequestReplayCommand } from './request-replay.command';
import { RequestReplayRequest } from './request-replay.request.dto';
import { REPLAY_RULESET_MODELS, ReplayReply, ReplayRequestedReply } from './replays.reply.dto';

@ApiTags('replays')
@ApiExtraModels(...RULESET_DEFINITION_MODELS, ...RULESET_INPUT_MODELS, ...REPLAY_RULESET_MODELS)
@Controller('admin/replays')
export class ReplaysController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly store: ReplayStore,
  ) {}

  @Post()
  @HttpCode(202)
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Queue a what-if replay of a contest under another ruleset',
    description:
      "A worker re-decides the contest's logged commands under the candidate (a stored ruleset, " +
      'or a definition sent inline, never both) and under the live rules, and compares the ' +
      'standings and the outcomes. Without a candidate it replays the live rules: a parity check, ' +
      'whose standings must equal the live view. The live views are never touched.',
  })
  @ApiAcceptedResponse({
    type: ReplayRequestedReply,
    description: 'The replay is queued: poll it for its progress and result',
  })
  @Refuses('INVALID_RULESET', 'RULESET_NOT_FOUND', 'CONTEST_NOT_FOUND')
  async request(@Body() body: RequestReplayRequest, @Req() request: FastifyRequest) {
    if (body.rulesetId && body.definition) {
      throw new CommandRefusal('VALIDATION_FAILED', 'Send rulesetId or definition, not both.', [
        { path: 'definition', message: 'definition cannot be sent with rulesetId' },
      ]);
    }
    const candidate = await this.candidateOf(body);
    if (!(await this.store.contest(body.contestId)))
      throw new CommandRefusal('CONTEST_NOT_FOUND', `No contest has the id ${body.contestId}.`);
    const ctx = requestContext(request);
    const replay = {
      type: 'RequestReplay',
      receivedAt: ctx.receivedAt,
      replayId: uuidv7(),
      contestId: body.contestId,
      rulesetId: body.rulesetId ?? null,
      definition: body.definition ?? null,
      asOf: body.asOf ? new Date(body.asOf) : null,
      requestedBy: ctx.actor!.userId,
    } as const;
    const envelope = commandEnvelope(request, replay, `replay:${body.contestId}`);
    const outcome = await this.commandBus.execute(
      new RequestReplayCommand(envelope, replay, candidate),
    );
    return commandReply(request, outcome);
  }

  @Get(':replayId')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'A replay: its progress while it runs, its result after' })
  @ApiOkResponse({
    type: ReplayReply,
    description: 'The replay; result and stats once done, error once failed',
  })
  @Refuses('REPLAY_NOT_FOUND')
  async one(@Param('replayId', UuidParam) replayId: string) {
    const replay = await this.store.find(replayId);
    if (!replay) throw new CommandRefusal('REPLAY_NOT_FOUND', `No replay has the id ${replayId}.`);
    return replay;
  }

  private async candidateOf(body: RequestReplayRequest): Promise<RulesetRecord | null> {
    if (body.definition) {
      const { ruleset, hash } = validatedDefinition(body.definition);
      return rulesetRecord(`inline:${hash.slice(0, 12)}`, 'inline', ruleset, hash);
    }
    if (!body.rulesetId) return null;
    const stored = await this.store.storedRuleset(body.rulesetId);
    if (!stored)
      throw new CommandRefusal('RULESET_NOT_FOUND', `No ruleset has the id ${body.rulesetId}.`);
    return stored;
  }
}
