/**
 * The miner's axon: a WebSocket server speaking `shared/protocol`. Per connection it sends a challenge,
 * verifies the signed auth and the validator's standing (admission.ts), then answers multiplexed
 * `info`/`classify` requests (requests.ts) and serves the committed bundle (bundle-requests.ts).
 * Classify texts from every connection share one `DynamicBatcher`; every answer is signed with the
 * miner hotkey, and nothing is signed before auth.
 *
 * Limits: unauthenticated connections per address and in total (more are closed with
 * TOO_MANY_CONNECTIONS before any challenge); frames over `maxFrameBytes` are dropped by `ws` (close
 * 1009); anything malformed or unexpected before auth closes the connection (BAD_FRAME, or BAD_HOTKEY
 * for a hotkey that is not SS58); after auth, see requests.ts. Bad input never throws out of a handler.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';
import type { Bundle } from '../shared/models/bundle.js';
import {
  type AuthFrame,
  CLOSE_CODES,
  CLOSE_REASON_TEXT,
  type CloseReason,
  createChallenge,
  DEFAULT_LIMITS,
  decodeValidatorFrame,
  encodeFrame,
  encodeInfoPayload,
  errorFrame,
  errorFrameFor,
  PROTOCOL_VERSION,
  ProtocolError,
  type ProtocolLimits,
  type ValidatorToMinerFrame,
} from '../shared/protocol/index.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { type Sr25519Signer, toSs58 } from '../shared/wallet/index.js';
import { Admission, type AdmissionPolicy, PreAuthGate, type PreAuthLimits } from './admission.js';
import type { DynamicBatcher } from './batcher.js';
import { BundleRequests } from './bundle-requests.js';
import { Connection } from './connection.js';
import type { BackendInfo } from './inference/backend.js';
import type { Metrics } from './metrics.js';
import { RequestHandler } from './requests.js';
import type { ValidatorDirectory } from './validators.js';

export { type AdmissionPolicy, DEFAULT_PRE_AUTH_LIMITS, type PreAuthLimits } from './admission.js';

export interface MinerServerOptions {
  hotkey: Sr25519Signer;
  directory: ValidatorDirectory;
  batcher: DynamicBatcher;
  model: BackendInfo;
  /**
   * The committed model bundle (`readBundle`): its digest goes into `info`, its files are served to
   * validators that download it to re-run answers.
   */
  bundle: Pick<Bundle, 'dir' | 'digest' | 'manifest' | 'manifestBytes'>;
  /** Where inference runs, declared in `info` (validators allow it a matching tolerance). Default 'cpu'. */
  executionProvider?: string;
  metrics: Metrics;
  softwareVersion: string;
  host?: string;
  /** 0 picks a free port. */
  port: number;
  limits?: Partial<ProtocolLimits>;
  policy?: AdmissionPolicy;
  /** Unauthenticated connections allowed per address and in total (defaults 16 and 256). */
  preAuth?: Partial<PreAuthLimits>;
  /** Requests per second per validator (token bucket). Default 50, burst 2× the rate. */
  rateLimit?: { perSecond: number; burst?: number };
  /** Malformed requests tolerated on one connection before closing it. Default 32. */
  maxErrorsPerConnection?: number;
  /** Ping interval; a connection that missed the previous pong is dropped. Default 30 s. */
  heartbeatMs?: number;
  logger?: Logger;
}

/** Requests before auth, each answered UNAUTHORIZED; one more closes the connection (BAD_FRAME). */
const MAX_REQUESTS_BEFORE_AUTH = 8;
/** Unsent bytes (in frames of the largest size) after which a peer that stopped reading is dropped. */
const MAX_BUFFERED_FRAMES = 4;
/** A refused socket that does not complete the close handshake is cut after this long. */
const REFUSED_LINGER_MS = 1_000;

export class MinerServer {
  readonly hotkey: string;
  readonly #limits: ProtocolLimits;
  readonly #log: Logger;
  readonly #metrics: Metrics;
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly #admission: Admission;
  readonly #preAuth: PreAuthGate;
  readonly #requests: RequestHandler;
  readonly #connections = new Set<Connection>();
  readonly #byValidator = new Map<string, Connection>();
  #heartbeat: NodeJS.Timeout | undefined;
  #stopping = false;

  private constructor(options: MinerServerOptions, http: Server) {
    this.hotkey = toSs58(options.hotkey.publicKey);
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#log = options.logger ?? silentLogger();
    this.#metrics = options.metrics;
    this.#http = http;
    this.#admission = new Admission(options.directory, options.policy ?? {}, this.#limits);
    this.#preAuth = new PreAuthGate(options.preAuth);
    const rate = options.rateLimit ?? { perSecond: 50 };
    this.#requests = new RequestHandler({
      hotkey: options.hotkey,
      batcher: options.batcher,
      metrics: options.metrics,
      limits: this.#limits,
      rate: new RateLimiter(rate.perSecond, rate.burst ?? Math.max(1, 2 * rate.perSecond)),
      infoPayload: encodeInfoPayload({
        kind: 'info',
        protocolVersion: PROTOCOL_VERSION,
        domain: options.model.domain,
        task: options.model.task,
        labels: options.model.labels,
        modelSha256: options.model.sha256,
        softwareVersion: options.softwareVersion,
        bundleDigest: options.bundle.digest,
        executionProvider: options.executionProvider ?? 'cpu',
      }),
      bundle: new BundleRequests({
        bundle: options.bundle,
        onBytesSent: (bytes) => options.metrics.bundleBytesSent.inc(bytes),
        logger: this.#log,
      }),
      maxErrorsPerConnection: options.maxErrorsPerConnection ?? 32,
      logger: this.#log,
      stopping: () => this.#stopping,
      settled: (conn) => {
        if (this.#stopping && conn.idle) conn.close('SHUTTING_DOWN');
      },
    });
    this.#wss = new WebSocketServer({
      server: http,
      maxPayload: this.#limits.maxFrameBytes,
      perMessageDeflate: false,
    });
    this.#wss.on('connection', (ws, req) => this.#accept(ws, req));
    const heartbeatMs = options.heartbeatMs ?? 30_000;
    this.#heartbeat = setInterval(() => this.#ping(), heartbeatMs);
    this.#heartbeat.unref();
  }

  /** Starts listening; resolves once bound. */
  static listen(options: MinerServerOptions): Promise<MinerServer> {
    const http = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' }).end('expertnet miner: connect with WebSocket\n');
    });
    return new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port, options.host ?? '0.0.0.0', () => {
        http.off('error', reject);
        resolve(new MinerServer(options, http));
      });
    });
  }

  get port(): number {
    return (this.#http.address() as AddressInfo).port;
  }

  /** Authenticated validators connected now. */
  get connectedValidators(): number {
    return this.#byValidator.size;
  }

  /** Connections that have not authenticated yet. */
  get unauthenticatedConnections(): number {
    return this.#preAuth.size;
  }

  // -------------------------------------------------------------------------------------------------
  // Connection lifecycle

  #accept(ws: WebSocket, req: IncomingMessage): void {
    // Before anything can fail: an unhandled socket error would take the process down.
    ws.on('error', (err) => this.#log.debug({ err: err.message }, 'connection error'));
    const ip = req.socket.remoteAddress ?? 'unknown';
    const refusal: CloseReason | undefined = this.#stopping
      ? 'SHUTTING_DOWN'
      : this.#preAuth.admit(ip)
        ? undefined
        : 'TOO_MANY_CONNECTIONS';
    if (refusal) {
      if (refusal === 'TOO_MANY_CONNECTIONS') this.#metrics.handshakeRejections.inc({ reason: refusal });
      ws.close(CLOSE_CODES[refusal], CLOSE_REASON_TEXT[refusal]);
      setTimeout(() => ws.terminate(), REFUSED_LINGER_MS).unref();
      return;
    }
    const conn = new Connection(
      ws,
      { ip, remote: `${ip}:${req.socket.remotePort}` },
      createChallenge(this.hotkey),
      MAX_BUFFERED_FRAMES * this.#limits.maxFrameBytes,
      this.#log,
    );
    this.#connections.add(conn);
    this.#metrics.unauthenticatedConnections.set(this.#preAuth.size);
    conn.handshakeTimer = setTimeout(
      () => this.#refuse(conn, 'HANDSHAKE_TIMEOUT'),
      this.#limits.handshakeTimeoutMs,
    );
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      try {
        this.#onMessage(conn, data, isBinary);
      } catch (err) {
        // Handlers are written not to throw; this is the last line that keeps the daemon up.
        this.#log.error({ err, remote: conn.remote }, 'unexpected error handling a frame');
        conn.close('INTERNAL');
      }
    });
    ws.on('close', (code) => this.#onClose(conn, code));
    conn.send(encodeFrame(conn.challenge));
  }

  #onClose(conn: Connection, code: number): void {
    this.#releasePreAuth(conn);
    if (conn.validator !== undefined && this.#byValidator.get(conn.validator) === conn) {
      this.#byValidator.delete(conn.validator);
      this.#metrics.connectedValidators.set(this.#byValidator.size);
    }
    this.#connections.delete(conn);
    conn.closed();
    this.#log.debug({ remote: conn.remote, validator: conn.validator, code }, 'connection closed');
  }

  /** Gives the connection's unauthenticated slot back (once: on auth or on close). */
  #releasePreAuth(conn: Connection): void {
    if (!conn.holdsPreAuthSlot) return;
    conn.holdsPreAuthSlot = false;
    this.#preAuth.release(conn.ip);
    this.#metrics.unauthenticatedConnections.set(this.#preAuth.size);
  }

  #refuse(conn: Connection, reason: CloseReason): void {
    this.#metrics.handshakeRejections.inc({ reason });
    this.#log.info({ remote: conn.remote, validator: conn.validator, reason }, 'connection refused');
    conn.close(reason);
  }

  #ping(): void {
    for (const conn of this.#connections) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Frames

  #onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    if (conn.phase === 'closing') return;
    const bytes = toBytes(data);
    let frame: ValidatorToMinerFrame | undefined;
    let failure: ProtocolError | undefined;
    if (isBinary) {
      try {
        frame = decodeValidatorFrame(bytes, this.#limits);
      } catch (err) {
        if (!(err instanceof ProtocolError)) throw err;
        failure = err;
      }
    }
    if (conn.phase === 'challenged') this.#beforeAuth(conn, frame, failure);
    else this.#afterAuth(conn, bytes, frame, failure);
  }

  /** Only `auth` moves a connection on; `info` gets an unsigned UNAUTHORIZED; anything else closes it. */
  #beforeAuth(conn: Connection, frame: ValidatorToMinerFrame | undefined, failure?: ProtocolError): void {
    if (!frame) {
      this.#refuse(conn, failure?.type.closeReason ?? 'BAD_FRAME');
      return;
    }
    if (frame.type === 'auth') {
      this.#authenticate(conn, frame);
      return;
    }
    if (frame.type === 'info' && ++conn.requestsBeforeAuth <= MAX_REQUESTS_BEFORE_AUTH) {
      const answer = errorFrame('UNAUTHORIZED', 'authenticate first (answer the challenge)', frame.id);
      this.#requests.error(conn, answer, 'info', false);
      return;
    }
    this.#refuse(conn, 'BAD_FRAME');
  }

  #afterAuth(
    conn: Connection,
    bytes: Uint8Array,
    frame: ValidatorToMinerFrame | undefined,
    failure?: ProtocolError,
  ): void {
    if (!frame) {
      const answer = failure
        ? errorFrameFor(failure)
        : errorFrame('BAD_REQUEST', 'frames must be binary MessagePack', null);
      this.#requests.error(conn, answer, 'malformed');
    } else if (frame.type === 'auth') {
      this.#requests.error(conn, errorFrame('BAD_REQUEST', 'already authenticated', null), 'auth');
    } else if (frame.type === 'info') {
      this.#requests.info(conn, frame.id, bytes);
    } else if (frame.type === 'bundle_manifest' || frame.type === 'bundle_chunk') {
      this.#requests.bundle(conn, frame, bytes);
    } else if (conn.validator !== undefined) {
      this.#requests.classify(conn, conn.validator, frame.id, frame.texts, bytes);
    }
  }

  #authenticate(conn: Connection, auth: AuthFrame): void {
    clearTimeout(conn.handshakeTimer);
    conn.validator = auth.validatorHotkey;
    const result = this.#admission.authenticate(conn.challenge, auth);
    if (!result.ok) {
      this.#refuse(conn, result.reason);
      return;
    }
    const hotkey = result.hotkey;
    conn.validator = hotkey;
    const existing = this.#byValidator.get(hotkey);
    if (existing?.open) {
      this.#refuse(conn, 'DUPLICATE_CONNECTION');
      return;
    }
    conn.phase = 'ready';
    this.#releasePreAuth(conn);
    this.#byValidator.set(hotkey, conn);
    this.#metrics.connectedValidators.set(this.#byValidator.size);
    this.#log.info({ remote: conn.remote, validator: hotkey }, 'validator connected');
  }

  /**
   * Re-applies admission to connected validators (after a metagraph refresh): one that was
   * deregistered, lost its permit or fell below the stake minimum is closed with that reason.
   */
  recheck(): number {
    let closed = 0;
    for (const conn of this.#connections) {
      if (conn.phase !== 'ready' || !conn.validator) continue;
      const refusal = this.#admission.check(conn.validator);
      if (!refusal) continue;
      this.#log.info({ validator: conn.validator, reason: refusal }, 'validator no longer admitted');
      conn.close(refusal);
      closed++;
    }
    return closed;
  }

  // -------------------------------------------------------------------------------------------------
  // Shutdown

  /**
   * Graceful stop: refuse new connections and requests, let in-flight requests finish and be answered,
   * close every connection with SHUTTING_DOWN; after `timeoutMs`, drop what is left.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    clearInterval(this.#heartbeat);
    const httpClosed = new Promise<void>((resolve) => this.#http.close(() => resolve()));
    for (const conn of this.#connections) {
      if (conn.idle) conn.close('SHUTTING_DOWN');
    }
    const deadline = Date.now() + timeoutMs;
    while (this.#connections.size > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const conn of this.#connections) conn.ws.terminate();
    this.#wss.close();
    await httpClosed;
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
