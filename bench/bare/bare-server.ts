import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The bare ceiling (issue 12, docs/BENCHMARKS.md P0): Nest 11 on Fastify with one no-op
 * controller and nothing of ours (no hooks, guards, interceptors, pipes, logging, sessions or
 * database), the same routes as the app's `/__bench/noop`. What the app's edge costs is the
 * distance from this.
 */
@Controller('__bench')
class NoopController {
  @Get('noop')
  get(): { ok: true } {
    return { ok: true };
  }

  @Post('noop')
  @HttpCode(200)
  post(@Body() body: unknown): { ok: true; received: string } {
    return { ok: true, received: typeof body };
  }
}

@Module({ controllers: [NoopController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.listen({ port: Number(process.env.PORT ?? 3999), host: '127.0.0.1' });
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
