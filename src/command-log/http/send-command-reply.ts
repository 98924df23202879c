import type { FastifyReply } from 'fastify';

/** Sends a command's reply with the headers docs/API.md promises for accepted and rejected alike. */
export function sendCommandReply(
  reply: FastifyReply,
  status: number,
  body: Record<string, unknown> | object,
  commandId: string | undefined,
  contentType = 'application/json; charset=utf-8',
): void {
  const position = (body as { position?: unknown }).position;
  if (commandId) reply.header('X-Command-Id', commandId);
  if (typeof position === 'number') reply.header('X-Log-Position', String(position));
  reply.status(status).type(contentType);
  void reply.send(status === 204 ? undefined : body);
}
