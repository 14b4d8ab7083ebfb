/**
 * `WS /v1/ws`: authenticated at the upgrade (header or `?key=` for browsers), then one JSON message per
 * request, answered in completion order with the request's `id`:
 *   {type: "classify", id?, domain, task?, texts, redundancy?} → {type: "result", id, …} | {type: "error", id, error}
 *
 * Per connection: at most `maxInFlight` requests at once (more get TOO_MANY_IN_FLIGHT at once), and a
 * client that stops reading is dropped once its unsent answers pass `maxBufferedBytes`, so one client
 * cannot make the gateway hold its answers in memory without bound. A heartbeat drops clients that
 * stopped answering pings.
 */
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { WebSocket } from 'ws';
import { admit, authenticate, requireCaller } from '../auth.js';
import type { Caller, GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import { errorReply } from '../http-errors.js';
import { parseSocketClassifyRequest } from '../schemas.js';
import { classify } from './classify.js';

export const WS_PATH = '/v1/ws';

export function socketRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  app.route({
    method: 'GET',
    url: WS_PATH,
    onRequest: [checkHandshake, authenticate(ctx, { queryKey: true })],
    handler: () => {
      throw new GatewayError(
        { code: 'NOT_FOUND', path: WS_PATH },
        `${WS_PATH} is a WebSocket endpoint: send an Upgrade request`,
      );
    },
    wsHandler: (ws, request) => serveSocket(ctx, ws, requireCaller(request)),
  });
}

const KEY = /^[+/0-9A-Za-z]{22}==$/;
const TOKEN_LIST = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?:[ \t]*,[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+)*$/;

/**
 * The upgrade's handshake headers, checked as `ws` would before upgrading, so that a bad handshake
 * gets the API's error shape (`ws` would answer in plain text).
 */
const checkHandshake: onRequestAsyncHookHandler = async (request) => {
  if (!request.ws) return;
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const protocols = header('sec-websocket-protocol');
  const problem =
    header('upgrade')?.toLowerCase() !== 'websocket'
      ? 'the Upgrade header must be "websocket"'
      : !KEY.test(header('sec-websocket-key') ?? '')
        ? 'missing or invalid Sec-WebSocket-Key header'
        : !['8', '13'].includes(header('sec-websocket-version') ?? '')
          ? 'Sec-WebSocket-Version must be 13'
          : protocols !== undefined &&
              (!TOKEN_LIST.test(protocols) ||
                new Set(protocols.split(/[ \t]*,[ \t]*/)).size !== protocols.split(',').length)
            ? 'invalid Sec-WebSocket-Protocol header'
            : undefined;
  if (problem) throw new GatewayError({ code: 'BAD_REQUEST' }, `WebSocket handshake refused: ${problem}`);
};

/** Heartbeat over every client: one that missed the previous ping's pong is dropped. */
export function startHeartbeat(ctx: GatewayContext, clients: Set<WebSocket>): NodeJS.Timeout {
  const alive = new WeakMap<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const client of clients) {
      if (alive.get(client) === false) {
        ctx.metrics.socketDropped.inc({ reason: 'heartbeat' });
        client.terminate();
        continue;
      }
      alive.set(client, false);
      client.ping();
      client.once('pong', () => alive.set(client, true));
    }
  }, ctx.socket.heartbeatMs);
  timer.unref();
  return timer;
}

function serveSocket(ctx: GatewayContext, ws: WebSocket, who: Caller): void {
  const { metrics, log } = ctx;
  let inFlight = 0;
  metrics.socketConnections.inc();
  ws.on('close', () => metrics.socketConnections.dec());
  ws.on('error', (err) => log.debug({ err: err.message }, 'gateway socket error'));

  const send = (message: unknown): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify(message));
    // What the client has not read yet stays here; past the cap it is a slow (or hostile) reader.
    if (ws.bufferedAmount > ctx.socket.maxBufferedBytes) {
      metrics.socketDropped.inc({ reason: 'slow' });
      log.debug(
        { caller: who.id, buffered: ws.bufferedAmount },
        'gateway socket dropped: client stopped reading',
      );
      ws.terminate();
    }
  };

  ws.on('message', (data, isBinary) => {
    const started = performance.now();
    let id: unknown = null;
    let status = 200;
    let counted = false;
    const done = (): void => {
      if (counted) inFlight--;
      metrics.requests.inc({ route: 'ws', status: String(status) });
      metrics.duration.observe({ route: 'ws' }, (performance.now() - started) / 1000);
    };
    const fail = (err: unknown): void => {
      const reply = errorReply(err, log, ctx.maxBodyBytes);
      status = reply.status;
      send({ type: 'error', id, ...reply.body });
    };
    try {
      if (isBinary) throw new GatewayError({ code: 'BAD_REQUEST' }, 'send JSON text messages');
      const message = parseJson(data.toString());
      if (typeof message === 'object' && message !== null && 'id' in message) id = echoable(message.id);
      if (inFlight >= ctx.socket.maxInFlight) {
        const limit = ctx.socket.maxInFlight;
        throw new GatewayError(
          { code: 'TOO_MANY_IN_FLIGHT', limit },
          `at most ${limit} requests in flight per connection; wait for an answer`,
        );
      }
      inFlight++;
      counted = true;
      admit(ctx, who, 'ws');
      const { type: _type, id: _id, ...body } = parseSocketClassifyRequest(message);
      classify(ctx, who, body).then(
        (response) => {
          send({ type: 'result', id, ...response });
          done();
        },
        (err) => {
          fail(err);
          done();
        },
      );
    } catch (err) {
      fail(err);
      done();
    }
  });
}

/** An id is echoed only when it could be a valid one (a number, a string of ≤ 128); else null. */
function echoable(value: unknown): string | number | null {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value.length <= 128 ? value : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GatewayError({ code: 'BAD_REQUEST' }, `body is not valid JSON: ${(err as Error).message}`);
  }
}
