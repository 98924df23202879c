import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadinessReader } from './readiness.reader';
import { HealthLive, HealthNotReady, HealthReady, ProjectionReadiness } from './health.reply.dto';

@ApiTags('operations')
@ApiExtraModels(ProjectionReadiness)
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessReader) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up', description: 'Every role serves it.' })
  @ApiOkResponse({ type: HealthLive, description: 'The process answers' })
  live() {
    return {
      status: 'ok',
      info: { process: { status: 'up', uptimeSeconds: Math.round(process.uptime()) } },
    };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'The process can serve: its dependencies answer and the views keep up',
    description:
      'Terminus-style checks: postgres; the session store, redis with REDIS_URL or sessions ' +
      '(Postgres) without it; and projections, down when one is halted or more than 10,000 ' +
      'rows behind. Every role serves it.',
  })
  @ApiOkResponse({ type: HealthReady, description: 'Every check is up' })
  @ApiServiceUnavailableResponse({
    type: HealthNotReady,
    description: 'A check is down: the checks, as with 200',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const details = await this.readiness.checks();
    const down = Object.entries(details).filter(([, check]) => check.status === 'down');
    // Like every 503 of the platform (error-responder.ts), with Retry-After.
    if (down.length > 0) reply.status(503).header('Retry-After', '1');
    return {
      status: down.length ? 'error' : 'ok',
      info: Object.fromEntries(Object.entries(details).filter(([, c]) => c.status === 'up')),
      error: Object.fromEntries(down),
      details,
    };
  }
}
