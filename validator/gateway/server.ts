/**
 * The gateway: an HTTP + WebSocket API over the validator's view of the subnet, and the web page.
 *
 *   POST /v1/classify      {domain, task?, texts[], redundancy?} → labels, probabilities, provenance
 *   GET  /v1/miners        ?domain=  the subnet table (uid, hotkey, domain, score, model hash, incentive)
 *   GET  /v1/emission      emission per uid over recent epochs (the page's chart)
 *   GET|POST /v1/verify    checks a provenance record offline (signature; answer too for one-text batches)
 *   GET  /v1/usage         the caller's own usage counters
 *   GET  /healthz, /metrics, /  (the page and its two assets)
 *   WS   /v1/ws            {type: "classify", id?, ...} → {type: "result", id, ...} | {type: "error", id, error}
 *
 * node:http with a route table: seven fixed paths do not need a router package. Bodies are size-capped,
 * JSON-schema checked (schemas.ts), and every refusal is a 4xx with `{error: {code, message, field?}}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { WebSocket, WebSocketServer } from 'ws';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { encodeClassifyPayload } from '../../shared/protocol/index.js';
import { type MinerConnections, verifyEvidence } from '../miner-client.js';
import { GatewayError, httpStatusOf } from './errors.js';
import { ApiKeyStore, DEFAULT_KEY_RATE_LIMIT, type KeyRateLimit } from './keys.js';
import { UsageLedger } from './ledger.js';
import { createGatewayMetrics } from './metrics.js';
import { KeyRateLimits } from './rate-limits.js';
import { MinerRouter, type RouterOptions } from './router.js';
import {
  parseClassifyRequest,
  parseSocketClassifyRequest,
  parseVerifyRequest,
  type VerifyRequest,
} from './schemas.js';
import type { GatewayView } from './types.js';
import { loadWebAssets, type WebAsset } from './web-assets.js';

export interface GatewayOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  view: GatewayView;
  connections: MinerConnections;
  /** API keys file (`expertnet gateway-keys`). Without it the API is open, rate-limited per client IP. */
  keysFile?: string;
  /** Usage ledger (JSON, flushed every few seconds); in memory only without it. */
  ledgerFile?: string;
  log: Logger;
  /** Metrics go here (and /metrics serves it); a private registry with process metrics otherwise. */
  registry?: Registry;
  /** Routing knobs (spread, attempts, timeout, cooldown). */
  routing?: Omit<RouterOptions, 'view' | 'connections' | 'onAttempt'>;
  /** Rate limit of callers without a key when no keys file is set. Default 5/s, burst 20. */
  anonymousRateLimit?: KeyRateLimit;
  /** How often at most the keys file is checked for changes, ms. Default 1000. */
  keysRefreshMs?: number;
  /** WebSocket API ping interval; a client that missed the previous pong is dropped. Default 30 s. */
  heartbeatMs?: number;
  /** Largest request body or WebSocket message. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Caller {
  /** Key id, or `ip:<address>` for anonymous callers. */
  id: string;
  name: string;
  rateLimit: KeyRateLimit;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { view, log } = options;
  const registry = options.registry ?? privateRegistry();
  const metrics = createGatewayMetrics(registry);
  const keys = options.keysFile ? await ApiKeyStore.open(options.keysFile, options.keysRefreshMs) : undefined;
  const ledger = await UsageLedger.open(options.ledgerFile, log);
  const limits = new KeyRateLimits();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const anonymousLimit = options.anonymousRateLimit ?? DEFAULT_KEY_RATE_LIMIT;
  const assets = await loadWebAssets();
  const router = new MinerRouter({
    ...options.routing,
    view,
    connections: options.connections,
    onAttempt: (miner, texts, outcome) => {
      metrics.minerAttempts.inc({ uid: String(miner.uid), outcome });
      ledger.recordMiner(miner.hotkey, miner.uid, texts, outcome === 'ok');
    },
  });

  async function caller(req: IncomingMessage, queryKey?: string | null): Promise<Caller> {
    if (!keys) {
      const ip = req.socket.remoteAddress ?? 'unknown';
      return { id: `ip:${ip}`, name: 'anonymous', rateLimit: anonymousLimit };
    }
    const header = req.headers.authorization;
    const key =
      (header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined) ??
      headerValue(req.headers['x-api-key']) ??
      queryKey ??
      undefined;
    if (!key) {
      throw new GatewayError(
        { code: 'UNAUTHORIZED' },
        'an API key is required (Authorization: Bearer <key> or X-API-Key)',
      );
    }
    await keys
      .refresh()
      .catch((err) => log.error({ err }, 'gateway keys file unreadable; keeping the last keys'));
    const record = keys.authenticate(key);
    if (!record) throw new GatewayError({ code: 'UNAUTHORIZED' }, 'unknown or revoked API key');
    return { id: record.id, name: record.name, rateLimit: record.rateLimit };
  }

  function admit(who: Caller, route: string): void {
    const waitMs = limits.take(who.id, who.rateLimit);
    if (waitMs > 0) {
      metrics.rateLimited.inc({ route });
      throw new GatewayError(
        { code: 'RATE_LIMITED', retryAfterMs: waitMs },
        `rate limit of ${who.rateLimit.perSecond}/s (burst ${who.rateLimit.burst}) exceeded; retry in ${waitMs} ms`,
      );
    }
  }

  async function classify(who: Caller, body: unknown, route: string, parse = parseClassifyRequest) {
    admit(who, route);
    const request = parse(body);
    try {
      const response = await router.classify(request);
      ledger.recordKey(who.id, request.texts.length, true);
      return response;
    } catch (err) {
      ledger.recordKey(who.id, request.texts.length, false);
      throw err;
    }
  }

  function minersTable(domain: string | null): unknown {
    const miners = view
      .miners()
      .filter((m) => domain === null || m.domain === domain)
      .sort((a, b) => a.domain.localeCompare(b.domain) || b.score - a.score || a.uid - b.uid)
      .map((m) => ({
        uid: m.uid,
        hotkey: m.hotkey,
        domain: m.domain,
        task: m.task,
        labels: m.labels,
        score: m.score,
        incentive: m.incentive,
        emission: m.emission.toString(),
        modelSha256: m.modelSha256,
        serving: m.endpoint.port > 0,
      }));
    return { block: view.block(), miners };
  }

  function verify(record: VerifyRequest): unknown {
    const evidence = {
      requestHash: record.requestHash,
      responseHash: record.responseHash,
      signature: record.signature,
    };
    const signatureValid = verifyEvidence(record.hotkey, evidence);
    // A one-text answer can be re-encoded exactly as the miner signed it (float32 MessagePack).
    let answer: 'match' | 'mismatch' | 'unchecked' = 'unchecked';
    if (
      signatureValid &&
      record.batchSize === 1 &&
      record.probabilities &&
      record.inferenceMs !== undefined
    ) {
      const payload = encodeClassifyPayload({
        kind: 'classify',
        probabilities: [record.probabilities],
        inferenceMs: record.inferenceMs,
      });
      answer = verifyEvidence(record.hotkey, evidence, { response: payload }) ? 'match' : 'mismatch';
    }
    const miner = view.miners().find((m) => m.hotkey === record.hotkey);
    return {
      valid: signatureValid && answer !== 'mismatch',
      signature: signatureValid,
      answer,
      hotkey: record.hotkey,
      registered: miner !== undefined,
      uid: miner?.uid ?? null,
      modelMatches:
        miner && record.modelSha256 ? miner.modelSha256 === record.modelSha256.replace(/^0x/, '') : null,
    };
  }

  async function route(req: IncomingMessage, url: URL): Promise<Reply | WebAsset | 'metrics'> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const only = (...allow: string[]): void => {
      if (!allow.includes(method)) {
        throw new GatewayError({ code: 'METHOD_NOT_ALLOWED', allow }, `${method} is not allowed on ${path}`);
      }
    };
    switch (path) {
      case '/v1/classify': {
        only('POST');
        const who = await caller(req);
        return { status: 200, body: await classify(who, await readJson(req, maxBodyBytes), 'classify') };
      }
      case '/v1/miners': {
        only('GET');
        const domain = url.searchParams.get('domain');
        if (domain !== null && (domain.length === 0 || domain.length > 64)) {
          throw new GatewayError({ code: 'BAD_REQUEST', field: 'domain' }, 'domain must be 1..64 characters');
        }
        return { status: 200, body: minersTable(domain) };
      }
      case '/v1/emission': {
        only('GET');
        return { status: 200, body: { block: view.block(), epochs: view.emissionHistory() } };
      }
      case '/v1/verify': {
        only('GET', 'POST');
        const record = method === 'POST' ? await readJson(req, maxBodyBytes) : verifyQuery(url.searchParams);
        return { status: 200, body: verify(parseVerifyRequest(record)) };
      }
      case '/v1/usage': {
        only('GET');
        const who = await caller(req);
        admit(who, 'usage');
        return {
          status: 200,
          body: { id: who.id, name: who.name, rateLimit: who.rateLimit, usage: ledger.key(who.id) ?? null },
        };
      }
      case '/healthz': {
        only('GET');
        const miners = view.miners();
        return {
          status: 200,
          body: {
            status: 'ok',
            block: view.block(),
            miners: miners.filter((m) => m.endpoint.port > 0).length,
            domains: [...new Set(miners.map((m) => m.domain))].sort(),
            auth: keys ? 'api-key' : 'none',
          },
        };
      }
      case '/metrics':
        only('GET');
        return 'metrics';
      default: {
        const asset = assets.get(path === '/' ? '/index.html' : path);
        if (!asset) throw new GatewayError({ code: 'NOT_FOUND', path }, `no route ${path}`);
        only('GET', 'HEAD');
        return asset;
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const routeName = routeLabel(url.pathname);
    let status = 500;
    try {
      if (req.method === 'OPTIONS') {
        status = 204;
        res.writeHead(204, corsHeaders()).end();
        return;
      }
      const reply = await route(req, url);
      if (reply === 'metrics') {
        status = 200;
        res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
      } else if ('bytes' in reply) {
        status = 200;
        res
          .writeHead(200, {
            'content-type': reply.contentType,
            'cache-control': 'no-cache',
            'x-content-type-options': 'nosniff',
            'content-security-policy':
              "default-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
          })
          .end(req.method === 'HEAD' ? undefined : reply.bytes);
      } else {
        status = reply.status;
        sendJson(res, reply.status, reply.body, reply.headers);
      }
    } catch (err) {
      const { status: code, body, headers } = errorReply(err, log);
      status = code;
      // The rest of an oversized body is not read: close the connection after the answer.
      if (err instanceof GatewayError && err.code === 'TOO_LARGE') res.setHeader('connection', 'close');
      if (!res.headersSent) sendJson(res, code, body, headers);
      else res.destroy();
    } finally {
      metrics.requests.inc({ route: routeName, status: String(status) });
      metrics.duration.observe({ route: routeName }, (performance.now() - started) / 1000);
    }
  }

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 5_000;

  // WebSocket API: authenticated at the upgrade (header or ?key= for browsers), then one JSON message
  // per request, answered in completion order with the request's `id`.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBodyBytes, perMessageDeflate: false });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (url.pathname !== '/v1/ws') {
      rejectUpgrade(socket, 404, { code: 'NOT_FOUND', message: `no WebSocket endpoint at ${url.pathname}` });
      return;
    }
    caller(req, url.searchParams.get('key')).then(
      (who) => wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, who)),
      (err) => {
        const { status, body } = errorReply(err, log);
        rejectUpgrade(socket, status, (body as { error: { code: string; message: string } }).error);
      },
    );
  });

  // Heartbeat: a client that missed the previous ping's pong is gone (dropped without a TCP close).
  const alive = new WeakMap<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const client of wss.clients) {
      if (alive.get(client) === false) {
        client.terminate();
        continue;
      }
      alive.set(client, false);
      client.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  function serveSocket(ws: WebSocket, who: Caller): void {
    metrics.socketConnections.inc();
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('close', () => metrics.socketConnections.dec());
    ws.on('error', (err) => log.debug({ err: err.message }, 'gateway socket error'));
    ws.on('message', (data, isBinary) => {
      void (async () => {
        const started = performance.now();
        let id: unknown = null;
        let status = 200;
        try {
          if (isBinary) throw new GatewayError({ code: 'BAD_REQUEST' }, 'send JSON text messages');
          const message = parseJson(data.toString());
          if (typeof message === 'object' && message !== null && 'id' in message) id = message.id;
          const response = await classify(who, message, 'ws', parseSocketClassifyRequest);
          send(ws, { type: 'result', id, ...response });
        } catch (err) {
          const reply = errorReply(err, log);
          status = reply.status;
          send(ws, { type: 'error', id, ...(reply.body as object) });
        } finally {
          metrics.requests.inc({ route: 'ws', status: String(status) });
          metrics.duration.observe({ route: 'ws' }, (performance.now() - started) / 1000);
        }
      })();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err }, 'gateway server error'));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url, auth: keys ? 'api-key' : 'none', ledger: options.ledgerFile ?? null }, 'gateway listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        clearInterval(heartbeat);
        for (const client of wss.clients) client.close(1001, 'gateway shutting down');
        wss.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
        await closed;
        await ledger.close();
      })();
      return closing;
    },
  };
}

function privateRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Route label for metrics: known paths as they are, anything else "other" (bounded cardinality). */
function routeLabel(path: string): string {
  const known = [
    '/v1/classify',
    '/v1/miners',
    '/v1/emission',
    '/v1/verify',
    '/v1/usage',
    '/healthz',
    '/metrics',
  ];
  if (known.includes(path)) return path;
  return path === '/' || path.endsWith('.js') || path.endsWith('.css') || path.endsWith('.html')
    ? 'page'
    : 'other';
}

function corsHeaders(): Record<string, string> {
  // Keys travel in headers, never cookies, so any origin may call the API.
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, x-api-key',
    'access-control-max-age': '600',
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...corsHeaders(),
    ...headers,
  });
  res.end(text);
}

function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

function errorReply(err: unknown, log: Logger): Reply {
  if (err instanceof GatewayError) {
    const headers: Record<string, string> = {};
    if (err.type.code === 'RATE_LIMITED')
      headers['retry-after'] = String(Math.max(1, Math.ceil(err.type.retryAfterMs / 1000)));
    if (err.type.code === 'METHOD_NOT_ALLOWED') headers.allow = err.type.allow.join(', ');
    if (err.type.code === 'UNAUTHORIZED') headers['www-authenticate'] = 'Bearer';
    const field = err.type.code === 'BAD_REQUEST' ? err.type.field : undefined;
    const details = err.code === 'ALL_MINERS_FAILED' ? { attempts: err.metaMessages } : {};
    return {
      status: httpStatusOf(err),
      body: { error: { code: err.code, message: err.shortMessage, ...(field ? { field } : {}), ...details } },
      headers,
    };
  }
  log.error({ err }, 'gateway request failed');
  return { status: 500, body: { error: { code: 'INTERNAL', message: errorMessage(err) } } };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GatewayError({ code: 'BAD_REQUEST' }, `body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads a JSON body of at most `limit` bytes (413 past it, 415 for another content type). */
async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new GatewayError(
      { code: 'UNSUPPORTED_MEDIA_TYPE' },
      'send the body as Content-Type: application/json',
    );
  }
  const tooLarge = () =>
    new GatewayError({ code: 'TOO_LARGE', limit }, `request body is larger than ${limit} bytes`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    throw new GatewayError({ code: 'BAD_REQUEST' }, `request body could not be read: ${errorMessage(err)}`);
  }
  return parseJson(Buffer.concat(chunks).toString('utf8'));
}

/** GET /v1/verify?hotkey=…&requestHash=…: query parameters as a provenance record (numbers parsed). */
function verifyQuery(params: URLSearchParams): unknown {
  const record: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === 'probabilities') record[key] = value.split(',').map(Number);
    else if (['uid', 'batchSize', 'latencyMs', 'inferenceMs'].includes(key)) record[key] = Number(value);
    else record[key] = value;
  }
  return record;
}

function rejectUpgrade(socket: Socket, status: number, error: { code: string; message: string }): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Error'}\r\n` +
      `content-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
