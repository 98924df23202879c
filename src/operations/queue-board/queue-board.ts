import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { problem } from '../../platform/http/problem';
import { requestContext } from '../../platform/http/request-context';
import { currentRoles } from '../../identity/auth/bearer-session';
import { ALL_QUEUES } from '../../platform/queues/queue-names';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues for admins: a plain Fastify plugin, so it is guarded here with
 * the actor the actor hook resolved and a fresh read of the roles. Read-only: retrying or removing jobs
 * from it would be admin commands that never reach the command log.
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const board = new BoardAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map(
      (name) =>
        new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }), {
          readOnlyMode: true,
        }),
    ),
    serverAdapter: board,
  });
  const dataSource = app.get(DataSource);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        // The actor hook, registered before this plugin, has resolved the bearer token.
        const session = requestContext(request).actor;
        const refuse = (status: number, code: string, detail: string) =>
          reply
            .code(status)
            .type('application/problem+json')
            .send(problem(status, code, detail));
        if (!session) {
          return refuse(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <token> of an admin.');
        }
        if (!(await currentRoles(dataSource, session.userId)).includes('admin')) {
          return refuse(403, 'FORBIDDEN', 'The queue board is for admins.');
        }
      });
      await scope.register(board.registerPlugin() as never);
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}
