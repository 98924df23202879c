import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorResponder } from './error-responder';

/** Nest's side of error replies; Fastify's own errors reach the same responder. */
@Catch()
export class AllErrorsFilter implements ExceptionFilter {
  constructor(private readonly responder: ErrorResponder) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    await this.responder.respond(
      error,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
    );
  }
}
