/**
 * The gateway's fastify app: one plugin per route group (routes/), request bodies checked by the JSON
 * schemas of schemas.ts, keys and rate limits as hooks (auth.ts), the WebSocket API on
 * `@fastify/websocket`, the page on `@fastify/static`. Every refusal is `{error: {code, message,
 * field?}}` with the status of its code (http-errors.ts), whatever part of the stack refuses it:
 * a route, fastify itself (body size, content type, bad URL), or node:http (unparseable request).
 */
import type { Socket } from 'node:net';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { GatewayContext } from './context.js';
import { GatewayError } from './errors.js';
import { answerClientError, answerConnect, errorReply } from './http-errors.js';
import { AUDIT_EPOCHS_PATH, auditRoutes } from './routes/audit.js';
import { classifyRoutes } from './routes/classify.js';
import { evidenceRoutes } from './routes/evidence.js';
import { healthRoutes } from './routes/health.js';
import { pageRoutes } from './routes/page.js';
import { subnetRoutes } from './routes/subnet.js';
import { usageRoutes } from './routes/usage.js';
import { verifyRoutes } from './routes/verify.js';
import { socketRoutes, WS_PATH } from './routes/ws.js';
import { compileBodyValidator } from './schemas.js';

/** Methods of each API path: another method is a 405 with `Allow` (fastify alone would say 404). */
const ALLOW: Readonly<Record<string, readonly string[]>> = {
  '/v1/classify': ['POST'],
  '/v1/miners': ['GET'],
  '/v1/emission': ['GET'],
  '/v1/verify': ['GET', 'POST'],
  '/v1/evidence': ['GET'],
  '/v1/usage': ['GET'],
  [AUDIT_EPOCHS_PATH]: ['GET'],
  '/healthz': ['GET'],
  '/metrics': ['GET'],
  '/v1/ws': ['GET'],
  '/': ['GET', 'HEAD'],
  '/index.html': ['GET', 'HEAD'],
  '/app.js': ['GET', 'HEAD'],
  '/style.css': ['GET', 'HEAD'],
};

const CORS: Readonly<Record<string, string>> = {
  // Keys travel in headers, never cookies, so any origin may call the API.
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, x-api-key',
  'access-control-max-age': '600',
};

export async function buildGatewayApp(ctx: GatewayContext): Promise<FastifyInstance> {
  const { log, maxBodyBytes } = ctx;
  const app = Fastify({
    logger: false,
    bodyLimit: maxBodyBytes,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    exposeHeadRoutes: false,
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
    frameworkErrors: (err, request, reply) => {
      // An upgrade request's socket is not closed by node:http after the answer (it was handed over).
      if (request.headers.upgrade !== undefined) reply.raw.once('finish', () => request.raw.socket.destroy());
      sendError(reply, err);
    },
  });
  app.server.headersTimeout = 10_000;
  app.server.on('connect', (_request, socket) => answerConnect(socket as Socket));
  app.decorateRequest('caller', null);
  app.setValidatorCompiler(({ schema }) => compileBodyValidator(schema));

  // One JSON parser with the gateway's message (fastify's would say only "Unexpected token").
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(new GatewayError({ code: 'BAD_REQUEST' }, `body is not valid JSON: ${(err as Error).message}`));
    }
  });

  function sendError(reply: FastifyReply, err: unknown): FastifyReply {
    const { status, body, headers } = errorReply(err, log, maxBodyBytes);
    return reply.code(status).headers(headers).send(body);
  }
  app.setErrorHandler((err: FastifyError | GatewayError, _request, reply) => sendError(reply, err));
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const allow = ALLOW[path];
    const what = request.ws ? 'WebSocket endpoint' : 'route';
    const err = allow
      ? new GatewayError(
          { code: 'METHOD_NOT_ALLOWED', allow: [...allow] },
          `${request.method} is not allowed on ${path}`,
        )
      : new GatewayError({ code: 'NOT_FOUND', path }, `no ${what} ${path}`);
    return sendError(reply, err);
  });

  await app.register(fastifyWebsocket, {
    options: { maxPayload: maxBodyBytes, perMessageDeflate: false },
    // A client's socket error (reset, bad frame) ends that client only.
    errorHandler: (err, socket) => {
      log.debug({ err: err.message }, 'gateway socket error');
      socket.terminate();
    },
    preClose: (done) => {
      for (const client of app.websocketServer.clients) client.close(1001, 'gateway shutting down');
      // A client that does not finish the closing handshake is cut off.
      setTimeout(() => {
        for (const client of app.websocketServer.clients) client.terminate();
      }, 2_000).unref();
      done();
    },
  });
  // After @fastify/websocket's own onRequest hook, which sets `request.ws`.
  app.addHook('onRequest', async (request, reply) => {
    reply.headers({ ...CORS, 'cache-control': 'no-store' });
    // @fastify/websocket would upgrade on any GET route and then close; only /v1/ws takes upgrades.
    if (request.ws && request.routeOptions.url !== WS_PATH) {
      const path = pathOf(request.url);
      throw new GatewayError({ code: 'NOT_FOUND', path }, `no WebSocket endpoint at ${path}`);
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.ws) return; // upgrades are counted per message (route "ws")
    const route = routeLabel(pathOf(request.url));
    ctx.metrics.requests.inc({ route, status: String(reply.statusCode) });
    ctx.metrics.duration.observe({ route }, reply.elapsedTime / 1000);
  });
  app.options('*', (_request, reply) => reply.code(204).send());

  classifyRoutes(app, ctx);
  subnetRoutes(app, ctx);
  verifyRoutes(app, ctx);
  evidenceRoutes(app, ctx);
  usageRoutes(app, ctx);
  auditRoutes(app, ctx);
  healthRoutes(app, ctx);
  socketRoutes(app, ctx);
  await pageRoutes(app);
  return app;
}

/** The path of a request target, without the query; never throws (no URL parsing). */
function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end < 0 ? url : url.slice(0, end);
}

/** Route label for metrics: known paths as they are, anything else "page" or "other" (bounded). */
function routeLabel(path: string): string {
  if (path.startsWith(`${AUDIT_EPOCHS_PATH}/`)) return `${AUDIT_EPOCHS_PATH}/:n`;
  if (path.startsWith('/v1/') || path === '/healthz' || path === '/metrics') {
    return ALLOW[path] ? path : 'other';
  }
  return ALLOW[path] ? 'page' : 'other';
}
