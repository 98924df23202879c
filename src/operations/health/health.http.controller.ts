import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadinessReader } from './readiness.reader';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessReader) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  @ApiOkResponse({ description: '{ status: "ok" }' })
  live() {
    return {
      status: 'ok',
      info: { process: { status: 'up', uptimeSeconds: Math.round(process.uptime()) } },
    };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Postgres, the session store (Redis, or Postgres with REDIS_URL unset) and projector lag, terminus-style',
  })
  @ApiOkResponse({ description: '{ status: "ok", info, error, details }' })
  @ApiServiceUnavailableResponse({ description: 'a dependency is down or a projection lags' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const details = await this.readiness.checks();
    const down = Object.entries(details).filter(([, check]) => check.status === 'down');
    if (down.length > 0) reply.status(503);
    return {
      status: down.length ? 'error' : 'ok',
      info: Object.fromEntries(Object.entries(details).filter(([, c]) => c.status === 'up')),
      error: Object.fromEntries(down),
      details,
    };
  }
}
