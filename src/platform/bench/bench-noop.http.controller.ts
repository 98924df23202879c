import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
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

  @Get('noop')
  noopGet() {
    return { ok: true };
  }
}
