/**
 * The miner's axon: a WebSocket server speaking `shared/protocol`. Per connection it sends a challenge,
 * verifies the signed auth, checks the validator against the `ValidatorDirectory` (registered,
 * permit, stake, blacklist), then answers multiplexed `info`/`classify` requests. Classify texts from
 * every connection share one `DynamicBatcher`; every answer is signed with the miner hotkey.
 *
 * Limits: frames over `maxFrameBytes` are dropped by `ws` (close 1009); `maxConcurrentPerValidator`
 * requests in flight per connection (more get OVERLOADED); a token bucket per validator hotkey (more
 * get RATE_LIMITED); a bounded batch queue (OVERLOADED with a retry hint); too many malformed
 * requests close the connection (TOO_MANY_ERRORS). Bad input never throws out of a handler.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';
import {
  type AuthFrame,
  buildResponseFrame,
  type ChallengeFrame,
  CLOSE_CODES,
  CLOSE_REASON_TEXT,
  type CloseReason,
  closeFor,
  createChallenge,
  DEFAULT_LIMITS,
  decodeValidatorFrame,
  encodeClassifyPayload,
  encodeFrame,
  encodeInfoPayload,
  errorFrame,
  errorFrameFor,
  NonceCache,
  PROTOCOL_VERSION,
  ProtocolError,
  type ProtocolLimits,
  verifyHandshake,
  type WireErrorCode,
} from '../shared/protocol/index.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { type Sr25519Signer, toSs58 } from '../shared/wallet/index.js';
import type { DynamicBatcher } from './batcher.js';
import { MinerError } from './errors.js';
import type { BackendInfo } from './inference/backend.js';
import type { Metrics } from './metrics.js';
import type { ValidatorDirectory } from './validators.js';

export interface AdmissionPolicy {
  /** Refuse validators without a validator permit. Default true. */
  requirePermit?: boolean;
  /** Minimum stake in rao. Default 0. */
  minStake?: bigint;
  /** Hotkeys always refused. */
  blacklist?: Iterable<string>;
}

export interface MinerServerOptions {
  hotkey: Sr25519Signer;
  directory: ValidatorDirectory;
  batcher: DynamicBatcher;
  model: BackendInfo;
  metrics: Metrics;
  softwareVersion: string;
  host?: string;
  /** 0 picks a free port. */
  port: number;
  limits?: Partial<ProtocolLimits>;
  policy?: AdmissionPolicy;
  /** Requests per second per validator (token bucket). Default 50, burst 2× the rate. */
  rateLimit?: { perSecond: number; burst?: number };
  /** Malformed requests tolerated on one connection before closing it. Default 32. */
  maxErrorsPerConnection?: number;
  /** Ping interval; a connection that missed the previous pong is dropped. Default 30 s. */
  heartbeatMs?: number;
  logger?: Logger;
}

type Phase = 'challenged' | 'ready' | 'closing';

/** `info` requests answered before auth; more refuse the connection (each answer costs a signature). */
const MAX_INFO_BEFORE_AUTH = 8;
/** Unsent bytes (in frames of the largest size) after which a peer that stopped reading is dropped. */
const MAX_BUFFERED_FRAMES = 4;

interface Connection {
  ws: WebSocket;
  phase: Phase;
  challenge: ChallengeFrame;
  validator: string | undefined;
  inflight: number;
  errors: number;
  infoBeforeAuth: number;
  alive: boolean;
  handshakeTimer: NodeJS.Timeout | undefined;
  remote: string;
}

export class MinerServer {
  readonly hotkey: string;
  readonly #opts: MinerServerOptions;
  readonly #limits: ProtocolLimits;
  readonly #log: Logger;
  readonly #metrics: Metrics;
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly #nonces = new NonceCache();
  readonly #rate: RateLimiter;
  readonly #blacklist: Set<string>;
  readonly #connections = new Set<Connection>();
  readonly #byValidator = new Map<string, Connection>();
  readonly #infoPayload: Uint8Array;
  #heartbeat: NodeJS.Timeout | undefined;
  #stopping = false;

  private constructor(options: MinerServerOptions, http: Server) {
    this.#opts = options;
    this.hotkey = toSs58(options.hotkey.publicKey);
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#log = options.logger ?? silentLogger();
    this.#metrics = options.metrics;
    this.#http = http;
    const rate = options.rateLimit ?? { perSecond: 50 };
    this.#rate = new RateLimiter(rate.perSecond, rate.burst ?? Math.max(1, 2 * rate.perSecond));
    this.#blacklist = new Set(options.policy?.blacklist ?? []);
    this.#infoPayload = encodeInfoPayload({
      kind: 'info',
      protocolVersion: PROTOCOL_VERSION,
      domain: options.model.domain,
      task: options.model.task,
      labels: options.model.labels,
      modelSha256: options.model.sha256,
      softwareVersion: options.softwareVersion,
    });
    this.#wss = new WebSocketServer({
      server: http,
      maxPayload: this.#limits.maxFrameBytes,
      perMessageDeflate: false,
    });
    this.#wss.on('connection', (ws, req) =>
      this.#accept(ws, `${req.socket.remoteAddress}:${req.socket.remotePort}`),
    );
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

  // -------------------------------------------------------------------------------------------------
  // Connection lifecycle

  #accept(ws: WebSocket, remote: string): void {
    if (this.#stopping) {
      ws.close(CLOSE_CODES.SHUTTING_DOWN, CLOSE_REASON_TEXT.SHUTTING_DOWN);
      return;
    }
    const conn: Connection = {
      ws,
      phase: 'challenged',
      challenge: createChallenge(this.hotkey),
      validator: undefined,
      inflight: 0,
      errors: 0,
      infoBeforeAuth: 0,
      alive: true,
      handshakeTimer: undefined,
      remote,
    };
    this.#connections.add(conn);
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
        this.#log.error({ err, remote }, 'unexpected error handling a frame');
        this.#close(conn, 'INTERNAL');
      }
    });
    ws.on('error', (err) => this.#log.debug({ err: err.message, remote }, 'connection error'));
    ws.on('close', (code) => this.#onClose(conn, code));
    this.#send(conn, encodeFrame(conn.challenge));
  }

  #onClose(conn: Connection, code: number): void {
    clearTimeout(conn.handshakeTimer);
    this.#connections.delete(conn);
    if (conn.validator && this.#byValidator.get(conn.validator) === conn) {
      this.#byValidator.delete(conn.validator);
      this.#metrics.connectedValidators.set(this.#byValidator.size);
    }
    this.#log.debug({ remote: conn.remote, validator: conn.validator, code }, 'connection closed');
  }

  #close(conn: Connection, reason: CloseReason): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    conn.phase = 'closing';
    conn.ws.close(CLOSE_CODES[reason], CLOSE_REASON_TEXT[reason]);
  }

  #refuse(conn: Connection, reason: CloseReason): void {
    this.#metrics.handshakeRejections.inc({ reason });
    this.#log.info({ remote: conn.remote, validator: conn.validator, reason }, 'connection refused');
    this.#close(conn, reason);
  }

  #send(conn: Connection, bytes: Uint8Array): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    if (conn.ws.bufferedAmount > MAX_BUFFERED_FRAMES * this.#limits.maxFrameBytes) {
      // The peer stopped reading: a close frame would queue behind the backlog, so drop it now.
      this.#log.warn(
        { remote: conn.remote, buffered: conn.ws.bufferedAmount },
        'dropping a peer that stopped reading',
      );
      conn.ws.terminate();
      return;
    }
    conn.ws.send(bytes, { binary: true });
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
    if (!isBinary) {
      if (conn.phase === 'challenged') this.#refuse(conn, 'BAD_FRAME');
      else
        this.#requestError(
          conn,
          errorFrame('BAD_REQUEST', 'frames must be binary MessagePack', null),
          'malformed',
        );
      return;
    }
    let frame: ReturnType<typeof decodeValidatorFrame>;
    try {
      frame = decodeValidatorFrame(bytes, this.#limits);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      if (conn.phase === 'challenged' && err.type.id === undefined) this.#refuse(conn, 'BAD_FRAME');
      else this.#requestError(conn, errorFrameFor(err), 'malformed');
      return;
    }
    if (frame.type === 'auth') {
      if (conn.phase !== 'challenged') {
        this.#requestError(conn, errorFrame('BAD_REQUEST', 'already authenticated', null), 'auth');
        return;
      }
      this.#authenticate(conn, frame);
      return;
    }
    if (frame.type === 'info') {
      // `info` is allowed before auth: it only says what this axon serves (a few times, not as a flood).
      if (conn.phase === 'challenged' && ++conn.infoBeforeAuth > MAX_INFO_BEFORE_AUTH) {
        this.#refuse(conn, 'BAD_FRAME');
        return;
      }
      this.#answer(conn, frame.id, bytes, this.#infoPayload, 'info', performance.now());
      return;
    }
    if (conn.phase !== 'ready') {
      this.#refuse(conn, 'BAD_FRAME');
      return;
    }
    this.#classify(conn, frame.id, frame.texts, bytes);
  }

  #authenticate(conn: Connection, auth: AuthFrame): void {
    clearTimeout(conn.handshakeTimer);
    const result = verifyHandshake({
      challenge: conn.challenge,
      auth,
      nonceCache: this.#nonces,
      maxClockSkewMs: this.#limits.maxClockSkewMs,
    });
    if (!result.ok) {
      conn.validator = auth.validatorHotkey;
      this.#refuse(conn, closeFor(result.reason).reason);
      return;
    }
    const hotkey = result.validatorHotkey;
    conn.validator = hotkey;
    const refusal = this.#admission(hotkey);
    if (refusal) {
      this.#refuse(conn, refusal);
      return;
    }
    const existing = this.#byValidator.get(hotkey);
    if (existing && existing.ws.readyState === existing.ws.OPEN) {
      this.#refuse(conn, 'DUPLICATE_CONNECTION');
      return;
    }
    conn.phase = 'ready';
    this.#byValidator.set(hotkey, conn);
    this.#metrics.connectedValidators.set(this.#byValidator.size);
    this.#log.info({ remote: conn.remote, validator: hotkey }, 'validator connected');
  }

  /** Chain checks, in the order of the close codes: blacklist, registration, permit, stake. */
  #admission(hotkey: string): CloseReason | undefined {
    if (this.#blacklist.has(hotkey)) return 'BLACKLISTED';
    const standing = this.#opts.directory.lookup(hotkey);
    if (!standing) return 'UNREGISTERED_HOTKEY';
    if ((this.#opts.policy?.requirePermit ?? true) && !standing.validatorPermit) return 'NO_VALIDATOR_PERMIT';
    if (standing.stake < (this.#opts.policy?.minStake ?? 0n)) return 'LOW_STAKE';
    return undefined;
  }

  #classify(conn: Connection, id: number, texts: string[], requestBytes: Uint8Array): void {
    const started = performance.now();
    if (this.#stopping) {
      this.#requestError(conn, errorFrame('OVERLOADED', 'miner is shutting down', id), 'classify', false);
      return;
    }
    if (conn.inflight >= this.#limits.maxConcurrentPerValidator) {
      const message = `more than ${this.#limits.maxConcurrentPerValidator} requests in flight`;
      this.#requestError(conn, errorFrame('OVERLOADED', message, id, 10), 'classify', false);
      return;
    }
    const wait = this.#rate.take(conn.validator!);
    if (wait > 0) {
      this.#requestError(
        conn,
        errorFrame('RATE_LIMITED', 'request rate limit exceeded', id, wait),
        'classify',
        false,
      );
      return;
    }
    conn.inflight++;
    this.#opts.batcher.submit(texts).then(
      (result) => {
        conn.inflight--;
        const payload = encodeClassifyPayload({
          kind: 'classify',
          probabilities: result.probabilities.map((v) => Array.from(v)),
          inferenceMs: result.inferenceMs,
        });
        this.#answer(conn, id, requestBytes, payload, 'classify', started);
        this.#afterRequest(conn);
      },
      (err: unknown) => {
        conn.inflight--;
        if (err instanceof MinerError && err.type.code === 'OVERLOADED') {
          const frame = errorFrame('OVERLOADED', 'inference queue is full', id, err.type.retryAfterMs);
          this.#requestError(conn, frame, 'classify', false);
        } else {
          this.#log.error({ err: errorMessage(err), validator: conn.validator }, 'classify failed');
          this.#requestError(conn, errorFrame('INTERNAL', 'inference failed', id), 'classify', false);
        }
        this.#afterRequest(conn);
      },
    );
  }

  #answer(
    conn: Connection,
    id: number,
    request: Uint8Array,
    payload: Uint8Array,
    type: string,
    started: number,
  ): void {
    if (conn.ws.readyState !== conn.ws.OPEN) {
      // The validator left mid-request: nothing to send, the work is simply dropped.
      this.#metrics.requestsTotal.inc({ type, status: 'disconnected' });
      return;
    }
    const frame = buildResponseFrame(this.#opts.hotkey, id, request, payload);
    this.#send(conn, encodeFrame(frame));
    this.#metrics.requestsTotal.inc({ type, status: 'ok' });
    this.#metrics.requestDuration.observe({ type }, (performance.now() - started) / 1000);
  }

  /** Sends an error frame; `malformed` ones count towards TOO_MANY_ERRORS. */
  #requestError(
    conn: Connection,
    frame: ReturnType<typeof errorFrame>,
    type: string,
    malformed: boolean = isMalformed(frame.code),
  ): void {
    this.#metrics.requestsTotal.inc({ type, status: frame.code });
    this.#send(conn, encodeFrame(frame));
    if (malformed && ++conn.errors > (this.#opts.maxErrorsPerConnection ?? 32))
      this.#close(conn, 'TOO_MANY_ERRORS');
  }

  #afterRequest(conn: Connection): void {
    if (this.#stopping && conn.inflight === 0) this.#close(conn, 'SHUTTING_DOWN');
  }

  /**
   * Re-applies admission to connected validators (after a metagraph refresh): one that was
   * deregistered, lost its permit or fell below the stake minimum is closed with that reason.
   */
  recheck(): number {
    let closed = 0;
    for (const conn of this.#connections) {
      if (conn.phase !== 'ready' || !conn.validator) continue;
      const refusal = this.#admission(conn.validator);
      if (!refusal) continue;
      this.#log.info({ validator: conn.validator, reason: refusal }, 'validator no longer admitted');
      this.#close(conn, refusal);
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
      if (conn.inflight === 0) this.#close(conn, 'SHUTTING_DOWN');
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

function isMalformed(code: WireErrorCode): boolean {
  return code === 'BAD_REQUEST' || code === 'UNKNOWN_TYPE' || code === 'TOO_LARGE';
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
