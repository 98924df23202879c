import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { REBUILD_QUEUE } from '../platform/queues/queue-names';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { accept, reject } from '@contest/domain';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { CommandPipeline } from '../command-log/command-pipeline';
import { commandReply } from '../command-log/http/command-reply';
import { envelopeFromRequest } from '../command-log/http/envelope-from-request';
import { RequireRoles } from '../identity/auth/access.decorators';
import { projectionLags } from '../projections/runtime/projection-lag';
import { ProjectionRunner } from '../projections/runtime/projection-runner';
import { rebuildJobOptions } from './rebuilds/rebuild.queue';
import { Projector, PROJECTORS } from '../projections/runtime/projector';

/** Lag past this is reported as this: an exact count would scan the log. */
const LAG_CAP = 1_000_000;

interface DeadLetterRow {
  id: string;
  projection: string;
  position: string;
  command_id: string;
  error: string;
  attempts: number;
  status: 'parked' | 'retried' | 'skipped';
  parked_at: Date;
  resolved_at: Date | null;
}

const toDeadLetter = (r: DeadLetterRow) => ({
  id: Number(r.id),
  projection: r.projection,
  position: Number(r.position),
  commandId: r.command_id,
  error: r.error,
  attempts: r.attempts,
  status: r.status,
  parkedAt: r.parked_at.toISOString(),
  resolvedAt: r.resolved_at?.toISOString() ?? null,
});

/** Admins see and steer the projections: lag, status, parked rows and their fate. */
@ApiTags('operations')
@Controller('admin')
export class OperationsController {
  private readonly byName: ReadonlyMap<string, Projector>;
  private readonly logger = new Logger('projections');

  constructor(
    private readonly dataSource: DataSource,
    private readonly pipeline: CommandPipeline,
    private readonly runner: ProjectionRunner,
    @InjectQueue(REBUILD_QUEUE) private readonly rebuilds: Queue,
    @Inject(PROJECTORS) projectors: readonly Projector[],
  ) {
    this.byName = new Map(projectors.map((p) => [p.name, p]));
  }

  @Get('projections')
  @RequireRoles('admin')
  @ApiOperation({
    summary: 'Every projection: version, checkpoint, head, lag, status, dead letters, last error',
  })
  @ApiOkResponse({
    description: '[{ name, version, checkpoint, head, lag, status, deadLetters, lastError }]',
  })
  async projections() {
    const rows: {
      projection: string;
      version: number;
      high_position: string;
      status: string;
      last_error: string | null;
      head: string | null;
      dead: number;
    }[] = await this.dataSource.query(
      `SELECT p.projection, p.version, p.high_position, p.status, p.last_error,
                (SELECT max(position) FROM command_log) AS head,
                (SELECT count(*) FROM projection_dead_letters d WHERE d.projection = p.projection AND d.status = 'parked')::int AS dead
         FROM projection_checkpoints p ORDER BY p.projection`,
    );
    const lags = new Map(
      (await projectionLags(this.dataSource, LAG_CAP)).map((l) => [l.projection, l.lag]),
    );
    return rows.map((r) => ({
      name: r.projection,
      version: r.version,
      checkpoint: Number(r.high_position),
      head: Number(r.head ?? 0),
      lag: lags.get(r.projection) ?? 0,
      status: r.status,
      deadLetters: r.dead,
      lastError: r.last_error,
    }));
  }

  @Post('projections/:name/rebuild')
  @HttpCode(202)
  @RequireRoles('admin')
  @ApiOperation({
    summary:
      'Rebuild a view beside the live one and switch over once caught up (reads never see a half-built view)',
  })
  async rebuild(@Param('name') name: string, @Req() request: FastifyRequest) {
    const projector = this.byName.get(name);
    const envelope = envelopeFromRequest(request, { payload: { projection: name } });
    const outcome = await this.pipeline.execute(envelope, {
      lockKeys: [`rebuild:${name}`],
      // The checkpoint's status is the record of a rebuild, shared by every API process.
      load: async (tx) => {
        const [row]: { status: string }[] = await tx.query(
          `SELECT status FROM projection_checkpoints WHERE projection = $1`,
          [name],
        );
        return row?.status ?? null;
      },
      decide: (status) => {
        if (!projector)
          return reject('PROJECTION_NOT_FOUND', `No projection is named ${name.slice(0, 64)}.`);
        if (status === 'rebuilding')
          return reject('REBUILD_RUNNING', `${name} is being rebuilt already.`);
        return accept({ type: 'ProjectionRebuildRequested', projection: name });
      },
      persist: async (tx) => {
        await tx.query(
          `UPDATE projection_checkpoints SET status = 'rebuilding' WHERE projection = $1`,
          [name],
        );
      },
      acceptedBody: () => ({ projection: name }),
    });
    if (outcome.decision.status === 'accepted') {
      // On the worker role: the reply does not wait for a rebuild of the whole log. Should
      // Redis refuse the job, a worker's sweep queues it from the status recorded above.
      await this.rebuilds
        .add(name, {}, rebuildJobOptions(name))
        .catch((error: Error) =>
          this.logger.warn(
            `${name}: rebuild not queued (${error.message}); a worker will queue it`,
          ),
        );
    }
    return commandReply(request, outcome);
  }

  @Get('dead-letters')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Rows projectors parked, with their error and fate' })
  async deadLetters(@Query('status') status?: string) {
    const rows: DeadLetterRow[] = await this.dataSource.query(
      `SELECT * FROM projection_dead_letters WHERE ($1::text IS NULL OR status = $1) ORDER BY id`,
      [status && ['parked', 'retried', 'skipped'].includes(status) ? status : null],
    );
    return { items: rows.map(toDeadLetter) };
  }

  @Post('dead-letters/:id/retry')
  @HttpCode(200)
  @RequireRoles('admin')
  @ApiOperation({
    summary:
      'Apply a parked row again, once (after the fault is fixed); DEAD_LETTER_NOT_FOUND, DEAD_LETTER_RESOLVED',
  })
  retry(@Param('id', ParseIntPipe) id: number, @Req() request: FastifyRequest) {
    return this.resolve(id, 'retry', request);
  }

  @Post('dead-letters/:id/skip')
  @HttpCode(200)
  @RequireRoles('admin')
  @ApiOperation({ summary: 'Leave a parked row out for good; it stays recorded as skipped' })
  skip(@Param('id', ParseIntPipe) id: number, @Req() request: FastifyRequest) {
    return this.resolve(id, 'skip', request);
  }

  private async resolve(id: number, action: 'retry' | 'skip', request: FastifyRequest) {
    const [letter]: DeadLetterRow[] = await this.dataSource.query(
      `SELECT * FROM projection_dead_letters WHERE id = $1`,
      [id],
    );
    const projector = letter ? this.byName.get(letter.projection) : undefined;
    const envelope = envelopeFromRequest(request, { payload: { id, action } });
    const outcome = await this.pipeline.execute(envelope, {
      // The projection's runner lock: no batch runs while a parked row is dealt with.
      lockKeys: projector ? [`projection:${projector.name}`] : [`dead-letter:${id}`],
      load: async (tx) =>
        (
          (await tx.query(`SELECT * FROM projection_dead_letters WHERE id = $1`, [
            id,
          ])) as DeadLetterRow[]
        )[0],
      decide: (current) => {
        if (!current || !projector)
          return reject('DEAD_LETTER_NOT_FOUND', `No dead letter has the id ${id}.`);
        if (current.status !== 'parked')
          return reject('DEAD_LETTER_RESOLVED', `Dead letter ${id} was already ${current.status}.`);
        return accept({
          type: action === 'retry' ? 'DeadLetterRetried' : 'DeadLetterSkipped',
          id,
          projection: current.projection,
          position: Number(current.position),
        });
      },
      persist: async (tx, _events, current) => {
        const position = Number(current.position);
        if (action === 'retry') await this.runner.retryParked(tx, projector!, position);
        else await this.runner.skipParked(tx, projector!, position);
      },
      acceptedBody: () => ({ id, action }),
    });
    return commandReply(request, outcome);
  }
}
