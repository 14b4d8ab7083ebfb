/**
 * JSON-RPC 2.0 over WebSocket and HTTP POST on one port (`ws` + `node:http`), with jsonrpsee's limits:
 * request/response size (15 MiB), connections (100), subscriptions per connection (1024). Batches, notifications
 * and every malformed input are answered with the standard errors; nothing a client sends can crash the node.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { errorMessage } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/logger.js';
import { NodeError } from '../errors.js';
import type { NodeMetrics } from '../metrics.js';
import {
  invalidParams,
  invalidRequest,
  methodNotFound,
  OVERSIZED_REQUEST,
  OVERSIZED_RESPONSE,
  parseError,
  RpcError,
  TOO_MANY_SUBSCRIPTIONS,
  toRpcError,
} from './errors.js';
import type { CallContext, RpcModule, SubscriptionSink } from './module.js';

export interface RpcServerOptions {
  host: string;
  port: number;
  module: RpcModule;
  log: Logger;
  metrics?: NodeMetrics;
  maxRequestBytes?: number;
  maxResponseBytes?: number;
  maxConnections?: number;
  maxSubscriptionsPerConnection?: number;
  /** A connection whose unsent data exceeds this is closed (a client that stopped reading). */
  maxBufferedBytes?: number;
}

export interface RpcServerHandle {
  readonly port: number;
  close(): Promise<void>;
}

const MIB = 1024 * 1024;

type Id = string | number | null;

interface Subscription {
  notification: string;
  stop: (() => void) | undefined;
  active: boolean;
  queue: string[];
}

/** Per-connection state: its subscriptions and how to send frames. */
class Session {
  readonly subscriptions = new Map<string, Subscription>();
  closed = false;

  constructor(
    readonly protocol: 'ws' | 'http',
    readonly sendFrame: (frame: string) => void,
  ) {}

  closeAll(): number {
    this.closed = true;
    let n = 0;
    for (const sub of this.subscriptions.values()) {
      n++;
      try {
        sub.stop?.();
      } catch {
        // A failing cleanup must not keep the others from running.
      }
    }
    this.subscriptions.clear();
    return n;
  }
}

interface Outcome {
  /** Serialized response, undefined for notifications. */
  response?: string;
  /** Subscriptions to activate once the response is on the wire. */
  activate?: Subscription;
}

export class RpcServer {
  private readonly maxRequestBytes: number;
  private readonly maxResponseBytes: number;
  private readonly maxConnections: number;
  private readonly maxSubscriptions: number;
  private readonly maxBufferedBytes: number;
  private readonly sessions = new Set<Session>();

  constructor(private readonly options: RpcServerOptions) {
    this.maxRequestBytes = options.maxRequestBytes ?? 15 * MIB;
    this.maxResponseBytes = options.maxResponseBytes ?? 15 * MIB;
    this.maxConnections = options.maxConnections ?? 100;
    this.maxSubscriptions = options.maxSubscriptionsPerConnection ?? 1024;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 64 * MIB;
  }

  async listen(): Promise<RpcServerHandle> {
    const { host, port, log } = this.options;
    const http = createServer((req, res) => this.onHttp(req, res));
    const wss = new WebSocketServer({ noServer: true, maxPayload: this.maxRequestBytes });
    let wsCount = 0;
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      if (wsCount >= this.maxConnections) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        wsCount++;
        ws.once('close', () => wsCount--);
        this.onWebSocket(ws);
      });
    });
    http.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      http.once('error', (err) =>
        reject(
          new NodeError(
            { code: 'LISTEN_FAILED', host, port, detail: errorMessage(err) },
            `RPC server: ${errorMessage(err)}`,
            {
              cause: err,
            },
          ),
        ),
      );
      http.listen(port, host, () => resolve());
    });
    const bound = (http.address() as AddressInfo).port;
    log.info({ host, port: bound }, `Running JSON-RPC server: addr=${host}:${bound}`);
    return {
      port: bound,
      close: () => this.close(http, wss),
    };
  }

  private async close(http: Server, wss: WebSocketServer): Promise<void> {
    for (const session of this.sessions) session.closeAll();
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  private onWebSocket(ws: WebSocket): void {
    const { log, metrics } = this.options;
    const session = new Session('ws', (frame) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > this.maxBufferedBytes) {
        log.warn({ buffered: ws.bufferedAmount }, 'closing RPC connection that stopped reading');
        ws.close(1008, 'client too slow');
        return;
      }
      ws.send(frame);
    });
    this.sessions.add(session);
    metrics?.sessionOpened('ws');
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
      this.handleText(text, session).catch((err: unknown) =>
        log.error({ err: errorMessage(err) }, 'RPC message handling failed'),
      );
    });
    // Oversized frames make `ws` close with 1009; errors must never reach the process.
    ws.on('error', (err) => log.debug({ err: errorMessage(err) }, 'RPC websocket error'));
    ws.on('close', () => {
      this.sessions.delete(session);
      metrics?.subscriptionDelta(-session.closeAll());
      metrics?.sessionClosed('ws');
    });
  }

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    const { log, metrics } = this.options;
    req.on('error', () => res.destroy());
    // Like `--rpc-cors all` (Substrate's default with --dev): browser tools may POST from any origin.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'POST, GET, OPTIONS',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '86400',
      });
      res.end();
      return;
    }
    if (req.method === 'GET' && (req.url === '/health' || req.url === '/health/readiness')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ isSyncing: false, peers: 0, shouldHavePeers: false }));
      return;
    }
    if (req.method !== 'POST') {
      res
        .writeHead(405, { allow: 'POST', 'content-type': 'text/plain' })
        .end('Used HTTP Method is not allowed. POST is required\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      if (tooBig) return;
      size += chunk.length;
      if (size > this.maxRequestBytes) {
        tooBig = true;
        const body = frame(null, { error: oversizedRequest(this.maxRequestBytes) });
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(body);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooBig) return;
      metrics?.sessionOpened('http');
      const session = new Session('http', () => {});
      this.process(Buffer.concat(chunks).toString('utf8'), session)
        .then((outcomes) => {
          const body = joinResponses(outcomes);
          res.writeHead(200, { 'content-type': 'application/json' }).end(body ?? '');
        })
        .catch((err: unknown) => {
          log.error({ err: errorMessage(err) }, 'RPC HTTP handling failed');
          res.writeHead(500).end();
        })
        .finally(() => metrics?.sessionClosed('http'));
    });
  }

  private async handleText(text: string, session: Session): Promise<void> {
    const outcomes = await this.process(text, session);
    const body = joinResponses(outcomes);
    if (body !== undefined) session.sendFrame(body);
    for (const o of outcomes) {
      const sub = o.activate;
      if (sub === undefined) continue;
      sub.active = true;
      for (const queued of sub.queue) session.sendFrame(queued);
      sub.queue.length = 0;
    }
  }

  /** Parses one frame (single request or batch) and runs it. */
  private async process(text: string, session: Session): Promise<Outcome[] & { batch?: boolean }> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return [{ response: frame(null, { error: parseError() }) }];
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) return [{ response: frame(null, { error: invalidRequest() }) }];
      const outcomes = await Promise.all(parsed.map((req) => this.call(req, session)));
      return Object.assign(outcomes, { batch: true });
    }
    return [await this.call(parsed, session)];
  }

  private async call(req: unknown, session: Session): Promise<Outcome> {
    if (typeof req !== 'object' || req === null || Array.isArray(req)) {
      return { response: frame(null, { error: invalidRequest() }) };
    }
    const r = req as Record<string, unknown>;
    const hasId = 'id' in r;
    const id = r.id;
    if (hasId && id !== null && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
      return { response: frame(null, { error: invalidRequest() }) };
    }
    const replyId = (hasId ? id : null) as Id;
    if (r.jsonrpc !== '2.0' || typeof r.method !== 'string') {
      return { response: frame(replyId, { error: invalidRequest() }) };
    }
    const method = r.method;
    const started = performance.now();
    const params = r.params;
    let outcome: Outcome;
    let isError = false;
    if (params !== undefined && !Array.isArray(params)) {
      isError = true;
      outcome = { response: frame(replyId, { error: invalidParams('params must be an array') }) };
    } else {
      try {
        outcome = await this.dispatch(method, (params ?? []) as unknown[], session, replyId);
      } catch (err) {
        isError = true;
        const { error, unexpected } = toRpcError(err);
        if (unexpected) this.options.log.error({ method, err: errorMessage(err) }, 'RPC method failed');
        outcome = { response: frame(replyId, { error }) };
      }
    }
    this.options.metrics?.rpcCall(
      session.protocol,
      this.options.module.methods.has(method) || this.options.module.subscriptions.has(method)
        ? method
        : 'unknown',
      isError,
      (performance.now() - started) / 1000,
    );
    // Requests without an id are notifications: run, never answer.
    if (!hasId) return {};
    if (outcome.response !== undefined && outcome.response.length > this.maxResponseBytes) {
      const error = new RpcError(
        OVERSIZED_RESPONSE,
        'Response is too big',
        `Exceeded max limit of ${this.maxResponseBytes}`,
      );
      return { response: frame(replyId, { error }) };
    }
    return outcome;
  }

  private async dispatch(method: string, params: unknown[], session: Session, id: Id): Promise<Outcome> {
    const { module } = this.options;
    const ctx: CallContext = { protocol: session.protocol };
    const handler = module.methods.get(method);
    if (handler !== undefined)
      return { response: frame(id, { result: (await handler(params, ctx)) ?? null }) };

    const definition = module.subscriptions.get(method);
    const unsubscribeOf = module.unsubscribes.get(method);
    if (session.protocol === 'http' && (definition !== undefined || unsubscribeOf !== undefined)) {
      throw methodNotFound();
    }
    if (definition !== undefined) {
      if (session.subscriptions.size >= this.maxSubscriptions) {
        throw new RpcError(
          TOO_MANY_SUBSCRIPTIONS,
          'Too many subscriptions on the connection',
          `Exceeded max limit of ${this.maxSubscriptions}`,
        );
      }
      const subId = randomBytes(8).toString('hex');
      const sub: Subscription = {
        notification: definition.notification,
        stop: undefined,
        active: false,
        queue: [],
      };
      const sink: SubscriptionSink = {
        send: (result) => {
          if (session.closed || !session.subscriptions.has(subId)) return;
          const text = JSON.stringify({
            jsonrpc: '2.0',
            method: definition.notification,
            params: { subscription: subId, result },
          });
          if (sub.active) session.sendFrame(text);
          else sub.queue.push(text);
        },
        end: () => {
          if (session.subscriptions.delete(subId)) {
            this.options.metrics?.subscriptionDelta(-1);
            // Let queued items reach the client before the handle goes.
            queueMicrotask(() => sub.stop?.());
          }
        },
      };
      session.subscriptions.set(subId, sub);
      this.options.metrics?.subscriptionDelta(1);
      try {
        const stop = await definition.subscribe(params, sink);
        if (!session.subscriptions.has(subId) && session.closed) stop();
        sub.stop = stop;
      } catch (err) {
        session.subscriptions.delete(subId);
        this.options.metrics?.subscriptionDelta(-1);
        throw err;
      }
      return { response: frame(id, { result: subId }), activate: sub };
    }
    if (unsubscribeOf !== undefined) {
      const subId = params[0];
      const sub =
        typeof subId === 'string' || typeof subId === 'number'
          ? session.subscriptions.get(String(subId))
          : undefined;
      if (sub === undefined || sub.notification !== unsubscribeOf)
        return { response: frame(id, { result: false }) };
      session.subscriptions.delete(String(subId));
      this.options.metrics?.subscriptionDelta(-1);
      sub.stop?.();
      return { response: frame(id, { result: true }) };
    }
    throw methodNotFound();
  }
}

function oversizedRequest(limit: number): RpcError {
  return new RpcError(OVERSIZED_REQUEST, 'Request is too big', `Exceeded max limit of ${limit}`);
}

function frame(id: Id, body: { result: unknown } | { error: RpcError }): string {
  if ('error' in body) return JSON.stringify({ jsonrpc: '2.0', error: body.error.toWire(), id });
  return JSON.stringify({ jsonrpc: '2.0', result: body.result, id });
}

function joinResponses(outcomes: Outcome[] & { batch?: boolean }): string | undefined {
  const responses = outcomes.map((o) => o.response).filter((r): r is string => r !== undefined);
  if (outcomes.batch === true) return responses.length === 0 ? undefined : `[${responses.join(',')}]`;
  return responses[0];
}
