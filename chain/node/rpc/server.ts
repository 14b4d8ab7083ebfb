/**
 * JSON-RPC 2.0 over WebSocket and HTTP POST on one port (`ws` + `node:http`), with jsonrpsee's limits:
 * request/response size (15 MiB), connections (100), subscriptions per connection (1024), and bounded
 * memory per connection: a WebSocket client that stops reading is disconnected once its unsent data passes
 * `maxBufferedBytes` (16 MiB), and a connection with `maxInFlight` requests running is not read from until
 * some finish (jsonrpsee's backpressure). HTTP POST needs `Content-Type: application/json` (else 415, as
 * jsonrpsee). Message handling is `handler.ts`; subscriptions live in `session.ts`.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { errorMessage } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/logger.js';
import { NodeError } from '../errors.js';
import type { NodeMetrics } from '../metrics.js';
import { OVERSIZED_REQUEST, RpcError } from './errors.js';
import { frame, joinResponses, type Outcomes, RpcHandler } from './handler.js';
import type { RpcModule } from './module.js';
import { Session } from './session.js';

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
  /** A WebSocket connection whose unsent data exceeds this is closed (a client that stopped reading). */
  maxBufferedBytes?: number;
  /** Requests (frames) of one connection handled at once; beyond it the connection is not read from. */
  maxInFlight?: number;
}

export interface RpcServerHandle {
  readonly port: number;
  close(): Promise<void>;
}

const MIB = 1024 * 1024;
/** Media types jsonrpsee's HTTP server accepts for a JSON-RPC POST (parameters such as charset aside). */
const JSON_MEDIA_TYPES = new Set(['application/json', 'application/json-rpc', 'application/jsonrequest']);

export class RpcServer {
  private readonly maxRequestBytes: number;
  private readonly maxConnections: number;
  private readonly maxSubscriptions: number;
  private readonly maxBufferedBytes: number;
  private readonly maxInFlight: number;
  private readonly handler: RpcHandler;
  private readonly sessions = new Set<Session>();

  constructor(private readonly options: RpcServerOptions) {
    this.maxRequestBytes = options.maxRequestBytes ?? 15 * MIB;
    this.maxConnections = options.maxConnections ?? 100;
    this.maxSubscriptions = options.maxSubscriptionsPerConnection ?? 1024;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 16 * MIB;
    this.maxInFlight = options.maxInFlight ?? 256;
    this.handler = new RpcHandler({
      module: options.module,
      log: options.log,
      ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
      maxResponseBytes: options.maxResponseBytes ?? 15 * MIB,
    });
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
        this.onWebSocket(ws, req.socket.remoteAddress ?? 'unknown');
      });
    });
    http.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      http.once('error', (err) =>
        reject(
          new NodeError(
            { code: 'LISTEN_FAILED', host, port, detail: errorMessage(err) },
            `RPC server: ${errorMessage(err)}`,
            { cause: err },
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
    for (const session of this.sessions) session.close();
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  private onWebSocket(ws: WebSocket, peer: string): void {
    const { log, metrics } = this.options;
    const sendFrame = (text: string): boolean => {
      if (ws.readyState !== ws.OPEN) return false;
      if (ws.bufferedAmount > this.maxBufferedBytes) {
        // The client stopped reading: drop it (a close frame could not reach it) and free what it holds.
        log.warn(
          {
            peer,
            buffered: ws.bufferedAmount,
            limit: this.maxBufferedBytes,
            subscriptions: session.subscriptionCount,
          },
          `Closing RPC connection from ${peer}: client stopped reading (${ws.bufferedAmount} bytes unsent, limit ${this.maxBufferedBytes})`,
        );
        session.close();
        ws.terminate();
        return false;
      }
      ws.send(text);
      return true;
    };
    const session = new Session('ws', sendFrame, this.maxSubscriptions, metrics);
    this.sessions.add(session);
    metrics?.sessionOpened('ws');
    let inFlight = 0;
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
      // Backpressure: past `maxInFlight` running requests, stop reading until some are answered.
      if (++inFlight >= this.maxInFlight) ws.pause();
      this.handleText(text, session)
        .catch((err: unknown) => log.error({ err: errorMessage(err) }, 'RPC message handling failed'))
        .finally(() => {
          if (--inFlight < this.maxInFlight && ws.isPaused && ws.readyState === ws.OPEN) ws.resume();
        });
    });
    // Oversized frames make `ws` close with 1009; errors must never reach the process.
    ws.on('error', (err) => log.debug({ err: errorMessage(err) }, 'RPC websocket error'));
    ws.on('close', () => {
      this.sessions.delete(session);
      session.close();
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
    if (!isJsonContentType(req.headers['content-type'])) {
      // The body is not read: close the connection rather than drain it.
      res
        .writeHead(415, { 'content-type': 'text/plain', connection: 'close' })
        .end('Supplied content type is not allowed. Content-Type: application/json is required\n');
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
      const session = new Session('http', () => false, 0, metrics);
      this.handler
        .process(Buffer.concat(chunks).toString('utf8'), session)
        .then((outcomes) => {
          const body = joinResponses(outcomes);
          res.writeHead(200, { 'content-type': 'application/json' }).end(body ?? '');
          runAfter(outcomes, log);
        })
        .catch((err: unknown) => {
          log.error({ err: errorMessage(err) }, 'RPC HTTP handling failed');
          res.writeHead(500).end();
        })
        .finally(() => metrics?.sessionClosed('http'));
    });
  }

  private async handleText(text: string, session: Session): Promise<void> {
    const outcomes = await this.handler.process(text, session);
    const body = joinResponses(outcomes);
    if (body !== undefined) session.send(body);
    for (const o of outcomes) if (o.activate !== undefined) session.activate(o.activate);
    runAfter(outcomes, this.options.log);
  }
}

/** Runs what the methods of `outcomes` asked to run after their responses; a failure is logged, never thrown. */
function runAfter(outcomes: Outcomes, log: Logger): void {
  for (const o of outcomes) {
    for (const fn of o.after ?? []) {
      try {
        fn();
      } catch (err) {
        log.error({ err: errorMessage(err) }, 'RPC post-response work failed');
      }
    }
  }
}

function oversizedRequest(limit: number): RpcError {
  return new RpcError(OVERSIZED_REQUEST, 'Request is too big', `Exceeded max limit of ${limit}`);
}

/** `application/json` (or jsonrpsee's other JSON-RPC media types), whatever its parameters. */
function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const media = header.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return JSON_MEDIA_TYPES.has(media);
}
