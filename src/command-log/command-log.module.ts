import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CommandLogRepository } from './command-log.repository';
import { CommandPipeline } from './command-pipeline';
import { AllErrorsFilter } from './http/all-errors.filter';
import { CommandBodyPipe } from './http/command-body.pipe';
import { ErrorResponder } from './http/error-responder';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { CommandRateLimiter } from './rate-limit/command-rate-limiter';
import { RefusalCounter } from './rate-limit/refusal-counter';

const providers = [
  CommandLogRepository,
  CommandPipeline,
  IdempotencyStore,
  ErrorResponder,
  CommandRateLimiter,
  RefusalCounter,
];
const httpEdge = [
  { provide: APP_FILTER, useClass: AllErrorsFilter },
  { provide: APP_PIPE, useClass: CommandBodyPipe },
];

/** The command log and the pipeline every command goes through. */
@Global()
@Module({
  providers: [...providers, ...httpEdge],
  exports: providers,
})
export class CommandLogModule {}
