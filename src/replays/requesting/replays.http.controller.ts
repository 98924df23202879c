import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, Get, HttpCode, Logger, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { accept, RulesetRecord } from '@contest/domain';
import { Queue } from 'bullmq';
import type { FastifyRequest } from 'fastify';
import { CommandPipeline } from '../../command-log/command-pipeline';
import { CommandRefusal } from '../../platform/http/refusal';
import { commandReply } from '../../command-log/http/command-reply';
import { envelopeFromRequest } from '../../command-log/http/envelope-from-request';
import { requestContext } from '../../platform/http/request-context';
import { UuidParam } from '../../command-log/http/uuid-param.pipe';
import { uuidv7 } from '../../platform/ids/uuid-v7';
import { RequireRoles } from '../../identity/auth/access.decorators';
import { rulesetRecord, validatedDefinition } from '../../rulesets/ruleset-definition';
import { replayJobOptions } from '../replay.queue';
import { REPLAY_QUEUE } from '../../platform/queues/queue-names';
import { ReplayStore } from '../replay-store';
import { RequestReplayRequest } from './request-replay.request.dto';

@ApiTags('replays')
@Controller('admin/replays')
export class ReplaysController {
  private readonly logger = new Logger('replays');

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly store: ReplayStore,
    @InjectQueue(REPLAY_QUEUE) private readonly queue: Queue,
  ) {}

  @Post()
  @HttpCode(202)
  @RequireRoles('admin')
  @ApiOperation({
    summary:
      'Queue a what-if replay of a contest under another ruleset (or its own: a parity check)',
  })
  @ApiAcceptedResponse({ description: '{ replayId, commandId, position }' })
  async request(@Body() body: RequestReplayRequest, @Req() request: FastifyRequest) {
    if (body.rulesetId && body.definition) {
      throw new CommandRefusal('VALIDATION_FAILED', 'Send rulesetId or definition, not both.', [
        { path: 'definition', message: 'definition cannot be sent with rulesetId' },
      ]);
    }
    const candidate = await this.candidateOf(body);
    if (!(await this.store.contestExists(body.contestId)))
      throw new CommandRefusal('CONTEST_NOT_FOUND', `No contest has the id ${body.contestId}.`);
    const ctx = requestContext(request);
    const replayId = uuidv7();
    const asOf = body.asOf ? new Date(body.asOf) : null;
    const envelope = envelopeFromRequest(request, {
      payload: {
        replayId,
        contestId: body.contestId,
        rulesetId: body.rulesetId ?? null,
        definition: body.definition ?? null,
        asOf: body.asOf ?? null,
      },
      streamKey: `replay:${body.contestId}`,
    });
    const event = {
      type: 'ReplayRequested',
      replayId,
      contestId: body.contestId,
      ruleset: candidate,
      asOf: body.asOf ?? null,
    };
    const outcome = await this.pipeline.execute(envelope, {
      lockKeys: [`replay:${replayId}`],
      load: async () => null,
      decide: () => accept(event),
      persist: (tx) =>
        this.store.create(tx, {
          replayId,
          contestId: body.contestId,
          ruleset: candidate,
          asOf,
          requestedBy: ctx.actor!.userId,
          at: ctx.receivedAt,
        }),
      acceptedBody: () => ({ replayId }),
    });
    // A lost enqueue is not lost work: workers pick up queued replays when they start.
    await this.queue
      .add('replay', { replayId }, replayJobOptions(replayId))
      .catch((error: unknown) => {
        this.logger.warn(
          `replay ${replayId} not enqueued (${String(error)}); a worker will pick it up at start`,
        );
      });
    return commandReply(request, outcome);
  }

  @Get(':replayId')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'A replay: status and progress while it runs, the stored result after' })
  @ApiOkResponse({
    description: '{ replayId, status, progress{processed, total}, result?, stats?, error? }',
  })
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
