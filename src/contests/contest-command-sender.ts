import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandActor, ContestCommand } from '@contest/domain';
import type { FastifyRequest } from 'fastify';
import { commandReply } from '../command-log/http/command-reply';
import { envelopeFromRequest } from '../command-log/http/envelope-from-request';
import { requestContext } from '../platform/http/request-context';
import { DecideContestCommand } from './decide-contest.handler';

/** The edge of every contest route: envelope, dispatch, reply. */
@Injectable()
export class ContestCommands {
  constructor(private readonly commandBus: CommandBus) {}

  async dispatch<B extends object>(
    request: FastifyRequest,
    command: ContestCommand,
    payload: Record<string, unknown>,
    replyBody: B,
  ) {
    const envelope = envelopeFromRequest(request, { payload });
    const outcome = await this.commandBus.execute(
      new DecideContestCommand(envelope, command, replyBody),
    );
    return commandReply(request, outcome);
  }
}

/** The signed-in actor of a request (routes that call this require a session). */
export function actorOf(request: FastifyRequest): CommandActor {
  const actor = requestContext(request).actor!;
  return { userId: actor.userId, roles: actor.roles };
}

export function receivedAtOf(request: FastifyRequest): Date {
  return requestContext(request).receivedAt;
}
