import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { SessionStore } from '../../identity/sessions/session.store';

export const QUEUE_BOARD_PATH = '/admin/queues';
const QUEUES = ['projections', 'replays', 'contest-finalization'];

/**
 * Bull Board at /admin/queues for admins: a plain Fastify plugin, so it is guarded here with
 * the same bearer session and a fresh read of the roles.
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const board = new BoardAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: QUEUES.map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
    ),
    serverAdapter: board,
  });
  const sessions = app.get(SessionStore, { strict: false });
  const dataSource = app.get(DataSource);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        const token = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(
          request.headers.authorization ?? '',
        )?.[1];
        const session = token ? await sessions.find(token) : null;
        const refuse = (status: number, code: string, detail: string) =>
          reply
            .code(status)
            .type('application/problem+json')
            .send({
              type: `https://contest.example/problems/${code.toLowerCase()}`,
              title: code,
              status,
              code,
              detail,
            });
        if (!session)
          return refuse(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <token> of an admin.');
        const rows: { roles: string[] }[] = await dataSource.query(
          `SELECT roles FROM users WHERE user_id = $1`,
          [session.userId],
        );
        if (!rows[0]?.roles.includes('admin'))
          return refuse(403, 'FORBIDDEN', 'The queue board is for admins.');
      });
      await scope.register(board.registerPlugin() as never);
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}
