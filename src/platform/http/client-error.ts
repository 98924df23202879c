import type { Socket } from 'node:net';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/**
 * Fastify's `clientErrorHandler`: HTTP that Node's parser refused before any request existed
 * (headers over 16 KiB, broken request lines). It cannot be logged as a command (no request,
 * no sender), but it is answered as problem+json with a code like every other error.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] = describe(error);
  const body = JSON.stringify({
    type: `https://contest.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: STATUS_TEXT[status],
    status,
    code,
    detail,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function describe(error: { code?: string; rawPacket?: unknown }): [number, string, string] {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The request line alone over the limit is a URL too long; otherwise the headers are.
    const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString('latin1') : '';
    const lineEnd = packet.indexOf('\r\n');
    if (lineEnd === -1 || lineEnd > 8192) return [414, 'URI_TOO_LONG', 'The URL is too long.'];
    return [431, 'HEADERS_TOO_LARGE', 'The request headers are larger than 16 KiB.'];
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT')
    return [408, 'VALIDATION_FAILED', 'The request did not arrive in time.'];
  return [400, 'VALIDATION_FAILED', 'The request is not valid HTTP/1.1.'];
}
