import type { FastifyInstance } from 'fastify';
import { requestContext } from '../../platform/http/request-context';
import { CommandRateLimiter } from '../../command-log/rate-limit/command-rate-limiter';
import { SessionStore } from '../sessions/session.store';
import { bearerToken } from './bearer-session';

/**
 * Who sends each request, resolved once from its bearer token before anything else runs; then
 * flood control for commands. Both happen before routing and body parsing, so a flood of
 * unknown routes or malformed bodies is held back too. The access guard reads the actor found
 * here.
 */
export function installActorHook(
  fastify: FastifyInstance,
  sessions: SessionStore,
  limiter: CommandRateLimiter,
): void {
  fastify.addHook('onRequest', async (request) => {
    const token = bearerToken(request.headers.authorization);
    const session = token ? await sessions.find(token) : null;
    if (session) {
      requestContext(request).actor = {
        userId: session.userId,
        username: session.username,
        roles: session.roles,
      };
    }
    await limiter.admit(request);
  });
}
