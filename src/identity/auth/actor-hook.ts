import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestContext } from '../../platform/http/request-context';
import { CommandRateLimiter } from '../../command-log/rate-limit/command-rate-limiter';
import { Session, SessionStore } from '../sessions/session.store';
import { bearerToken } from './bearer-session';

/**
 * Who sends each request, resolved once from its bearer token before anything else runs; then
 * flood control for commands. Both happen before routing and body parsing, so a flood of
 * unknown routes or malformed bodies is held back too. The access guard reads the actor found
 * here. With Redis, a command's session and count take one round trip together.
 */
export function installActorHook(
  fastify: FastifyInstance,
  sessions: SessionStore,
  limiter: CommandRateLimiter,
): void {
  const findAndCount = sessions.findAndCount;
  fastify.addHook('onRequest', async (request) => {
    const token = bearerToken(request.headers.authorization);
    const window = limiter.windowOf(request);
    if (findAndCount && window) {
      const { session, actorKey, count } = await findAndCount(token, window);
      signIn(request, session);
      limiter.settle(request, actorKey, count);
      return;
    }
    signIn(request, token ? await sessions.find(token) : null);
    await limiter.admit(request);
  });
}

function signIn(request: FastifyRequest, session: Session | null): void {
  if (!session) return;
  requestContext(request).actor = {
    userId: session.userId,
    username: session.username,
    roles: session.roles,
  };
}
