import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandActor, ContestCommand } from '@contest/domain';
import type { FastifyRequest } from 'fastify';
import { commandReply } from '../command-log/http/command-reply';
import { commandEnvelope } from '../command-log/http/envelope-from-request';
import { requestContext } from '../platform/http/request-context';
import { DecideContestCommand } from './decide-contest.handler';

/**
 * The edge of every contest route: a controller hands over the command, the codec makes the
 * payload the log stores, and the decided outcome becomes the reply.
 */
@Injectable()
export class ContestCommandSender {
  constructor(private readonly commandBus: CommandBus) {}

  async send(request: FastifyRequest, command: ContestCommand) {
    const envelope = commandEnvelope(request, command);
    const outcome = await this.commandBus.execute(new DecideContestCommand(envelope, command));
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
