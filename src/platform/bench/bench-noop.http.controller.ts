import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/**
 * The ceiling the benchmarks measure against, in the same app and process: a POST that parses
 * its JSON body and does nothing else, and a GET that answers a constant. Only mounted when
 * BENCH_NOOP_ROUTES=true; never in production.
 */
@ApiExcludeController()
@Controller('__bench')
export class BenchNoopController {
  @Post('noop')
  @HttpCode(200)
  noopPost(@Body() body: unknown) {
    return { ok: true, received: typeof body };
  }

  /** `?delayMs=` (up to 30 s) holds the reply back: an in-flight request for shutdown tests. */
  @Get('noop')
  async noopGet(@Query('delayMs') delayMs?: string) {
    const delay = Math.min(Number(delayMs) || 0, 30_000);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return { ok: true };
  }
}
