/**
 * Every refusal of the gateway as `{error: {code, message, field?}}` with the status of its code
 * (errors.ts): the gateway's own errors, fastify's (body too large, wrong content type, bad URL), and
 * requests too broken for fastify to see (bad HTTP, header overflow), answered on the raw socket.
 */
import type { Socket } from 'node:net';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { GatewayError, httpStatusOf } from './errors.js';

export interface ErrorReply {
  status: number;
  body: { error: { code: string; message: string; field?: string; attempts?: string[] } };
  headers: Record<string, string>;
}

export function errorReply(err: unknown, log: Logger, maxBodyBytes: number): ErrorReply {
  if (err instanceof GatewayError) return gatewayErrorReply(err);
  // A schema refusal, wrapped for fastify (schemas.ts `compileBodyValidator`).
  if (err instanceof Error && err.cause instanceof GatewayError) return gatewayErrorReply(err.cause);
  const status = statusOf(err);
  if (status === 413) {
    return gatewayErrorReply(
      new GatewayError(
        { code: 'TOO_LARGE', limit: maxBodyBytes },
        `request body is larger than ${maxBodyBytes} bytes`,
      ),
    );
  }
  if (status === 415) {
    return gatewayErrorReply(
      new GatewayError({ code: 'UNSUPPORTED_MEDIA_TYPE' }, 'send the body as Content-Type: application/json'),
    );
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return gatewayErrorReply(new GatewayError({ code: 'BAD_REQUEST' }, errorMessage(err)));
  }
  log.error({ err }, 'gateway request failed');
  return { status: 500, body: { error: { code: 'INTERNAL', message: errorMessage(err) } }, headers: {} };
}

function gatewayErrorReply(err: GatewayError): ErrorReply {
  const headers: Record<string, string> = {};
  const type = err.type;
  if (type.code === 'RATE_LIMITED') {
    headers['retry-after'] = String(Math.max(1, Math.ceil(type.retryAfterMs / 1000)));
  }
  if (type.code === 'METHOD_NOT_ALLOWED') headers.allow = type.allow.join(', ');
  if (type.code === 'UNAUTHORIZED') headers['www-authenticate'] = 'Bearer';
  // The rest of an oversized body is not read: close the connection after the answer.
  if (type.code === 'TOO_LARGE') headers.connection = 'close';
  const field = type.code === 'BAD_REQUEST' ? type.field : undefined;
  const details = err.code === 'ALL_MINERS_FAILED' ? { attempts: err.metaMessages ?? [] } : {};
  return {
    status: httpStatusOf(err),
    body: { error: { code: err.code, message: err.shortMessage, ...(field ? { field } : {}), ...details } },
    headers,
  };
}

/** fastify's own errors carry an HTTP `statusCode`. */
function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('statusCode' in err)) return undefined;
  return typeof err.statusCode === 'number' ? err.statusCode : undefined;
}

const CLIENT_ERROR_STATUS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request not received in time'],
};

/**
 * node:http's `clientError` (a request it could not parse): answered in the error shape when the
 * socket can still take it, then closed. Nothing here may throw: it runs outside any request.
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  const [status, text, message] = CLIENT_ERROR_STATUS[err.code ?? ''] ?? [
    400,
    'Bad Request',
    `malformed HTTP request (${err.code ?? 'unknown'})`,
  ];
  const code = status === 431 ? 'TOO_LARGE' : status === 408 ? 'TIMEOUT' : 'BAD_REQUEST';
  writeRawError(socket, status, text, code, message);
}

/** `CONNECT` (node:http hands it to a 'connect' listener, or drops it silently): 405, then closed. */
export function answerConnect(socket: Socket): void {
  writeRawError(socket, 405, 'Method Not Allowed', 'METHOD_NOT_ALLOWED', 'CONNECT is not supported');
}

function writeRawError(socket: Socket, status: number, text: string, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.on('error', () => socket.destroy());
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  // Read (and drop) what the client still sends, so its FIN closes the socket; a client that never
  // closes its side is cut off.
  socket.resume();
  setTimeout(() => socket.destroy(), 5_000).unref();
}
