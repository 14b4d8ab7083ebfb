/**
 * The validator's side of the miner wire protocol (shared/protocol): one authenticated WebSocket per
 * miner, requests multiplexed by id, every answer's signature checked against the miner hotkey the
 * metagraph lists, payloads decoded strictly. Every failure becomes a `MinerClientError` whose code is
 * a `MinerFailure`; nothing here throws outside the returned promises.
 *
 * `open` is complete only once the miner has admitted us: after `auth` it sends an `info` request, and
 * the miner handles frames in order, so an answer to that request means the handshake and its chain
 * checks passed (a refusal closes the socket before the answer). The info also gives the label count
 * that every classify answer is checked against.
 *
 * Evidence (`SignedEvidence`): the blake2-256 hashes of the request bytes as sent and of the payload
 * bytes as received, and the miner's signature over them — enough to re-check offline who answered what.
 */
import { isIPv6 } from 'node:net';
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import WebSocket, { type RawData } from 'ws';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';
import {
  type ChallengeFrame,
  CLOSE_CODES,
  type CloseReason,
  checkChallenge,
  closeFor,
  closeReasonOf,
  DEFAULT_LIMITS,
  decodeClassifyPayload,
  decodeInfoPayload,
  decodeMinerFrame,
  type ErrorFrame,
  encodeFrame,
  hashBytes,
  type InfoPayload,
  type MinerToValidatorFrame,
  ProtocolError,
  type ProtocolLimits,
  RESPONSE_CONTEXT,
  type RequestFrame,
  type ResponseFrame,
  signHandshake,
} from '../shared/protocol/index.js';
import { type Sr25519Signer, toPublicKey, verifySr25519 } from '../shared/wallet/index.js';
import { MinerClientError, type MinerClientErrorType, type MinerFailure, ValidatorError } from './errors.js';

export type { MinerFailure } from './errors.js';
export { MinerClientError } from './errors.js';

export interface MinerEndpoint {
  uid: number;
  /** The hotkey the metagraph lists for this uid: the only one we sign a handshake for. */
  hotkey: string;
  ip: string;
  port: number;
}

/** Re-checkable offline with `verifyEvidence(minerHotkey, evidence)`; all `0x`-prefixed lowercase hex. */
export interface SignedEvidence {
  /** blake2-256 of the request frame bytes as sent. */
  requestHash: string;
  /** blake2-256 of the response payload bytes as received. */
  responseHash: string;
  /** The miner hotkey's sr25519 signature over `RESPONSE_CONTEXT ‖ requestHash ‖ responseHash`. */
  signature: string;
}

export interface MinerInfo extends InfoPayload {
  evidence: SignedEvidence;
}

export interface ClassifyResult {
  /** One vector per text, in request order, over the miner's labels (float32 values). */
  probabilities: number[][];
  /** What the miner says its inference took (not trusted for scoring: see `latencyMs`). */
  inferenceMs: number;
  /** Measured here: request sent → signed answer received, milliseconds. */
  latencyMs: number;
  evidence: SignedEvidence;
}

export interface MinerConnectionOptions {
  /** Connect + handshake + admission budget, ms. Default 5000. */
  timeoutMs?: number;
  /** Default per-request timeout, ms (counted from the call, queueing included). Default 10 000. */
  requestTimeoutMs?: number;
  /** Must match the miners' limits; default `DEFAULT_LIMITS`. */
  limits?: ProtocolLimits;
  /**
   * Requests on the wire at once; more wait here instead of drawing OVERLOADED from the miner.
   * Default `limits.maxConcurrentPerValidator`.
   */
  maxInFlight?: number;
  logger?: Logger;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const MAX_REQUEST_ID = 0xffff_ffff;
/** Close code we send to a peer that broke the protocol (RFC 6455 "protocol error"). */
const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_NORMAL = 1000;
const RESPONSE_CONTEXT_BYTES = new TextEncoder().encode(RESPONSE_CONTEXT);

/** Close codes of the miner (shared/protocol) → what they mean for us. */
const FAILURE_BY_CLOSE_REASON: Readonly<Record<CloseReason, MinerFailure>> = {
  BAD_FRAME: 'HANDSHAKE',
  PROTOCOL_VERSION: 'HANDSHAKE',
  BAD_SIGNATURE: 'HANDSHAKE',
  STALE_TIMESTAMP: 'HANDSHAKE',
  REPLAYED_NONCE: 'HANDSHAKE',
  WRONG_MINER_HOTKEY: 'HANDSHAKE',
  BAD_HOTKEY: 'HANDSHAKE',
  HANDSHAKE_TIMEOUT: 'HANDSHAKE',
  UNREGISTERED_HOTKEY: 'REFUSED',
  NO_VALIDATOR_PERMIT: 'REFUSED',
  LOW_STAKE: 'REFUSED',
  BLACKLISTED: 'REFUSED',
  DUPLICATE_CONNECTION: 'REFUSED',
  TOO_LARGE: 'REFUSED',
  RATE_LIMITED: 'REFUSED',
  TOO_MANY_ERRORS: 'REFUSED',
  SHUTTING_DOWN: 'CLOSED',
  INTERNAL: 'CLOSED',
};

type State = 'connecting' | 'handshaking' | 'open' | 'closed';
type Detail = Omit<MinerClientErrorType, 'code' | 'uid' | 'hotkey' | 'address'>;

interface Pending {
  id: number;
  kind: 'info' | 'classify';
  requestBytes: Uint8Array;
  /** Texts in the request (classify): the number of vectors expected. */
  items: number;
  sentAt: number;
  /** Timed out: kept (holding its slot, as the miner still counts it) until answered or closed. */
  abandoned: boolean;
  timer: NodeJS.Timeout | undefined;
  resolve: (answer: { frame: ResponseFrame; evidence: SignedEvidence; latencyMs: number }) => void;
  reject: (err: Error) => void;
}

interface Queued {
  start: () => void;
  reject: (err: Error) => void;
}

export class MinerConnection {
  readonly endpoint: MinerEndpoint;
  readonly #ws: WebSocket;
  readonly #key: Sr25519Signer;
  readonly #limits: ProtocolLimits;
  readonly #requestTimeoutMs: number;
  readonly #maxInFlight: number;
  readonly #log: Logger;
  readonly #minerPublicKey: Uint8Array;
  readonly #pending = new Map<number, Pending>();
  readonly #queue: Queued[] = [];
  #state: State = 'connecting';
  #nextId = 1;
  #labels = 0;
  #admittedInfo: MinerInfo | undefined;
  /** Why we are closing, when we decided it; a later `close` event reports this. */
  #failure: { code: MinerFailure; message: string; detail?: Detail } | undefined;
  #lastSocketError: Error | undefined;
  #opened: { resolve: () => void; reject: (err: Error) => void; timer: NodeJS.Timeout } | undefined;

  private constructor(
    endpoint: MinerEndpoint,
    key: Sr25519Signer,
    minerPublicKey: Uint8Array,
    options: MinerConnectionOptions,
  ) {
    this.endpoint = { ...endpoint };
    this.#key = key;
    this.#minerPublicKey = minerPublicKey;
    this.#limits = options.limits ?? DEFAULT_LIMITS;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? this.#limits.maxConcurrentPerValidator);
    this.#log = (options.logger ?? silentLogger()).child({ uid: endpoint.uid, miner: endpoint.hotkey });
    const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.#ws = new WebSocket(endpointUrl(endpoint), {
      maxPayload: this.#limits.maxFrameBytes,
      perMessageDeflate: false,
      followRedirects: false,
      handshakeTimeout: timeoutMs,
    });
    this.#ws.binaryType = 'nodebuffer';
    this.#ws.on('open', () => {
      if (this.#state === 'connecting') this.#state = 'handshaking';
    });
    this.#ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    this.#ws.on('error', (err) => {
      this.#lastSocketError = err;
      this.#log.debug({ err: err.message }, 'miner socket error');
    });
    this.#ws.on('close', (code, reason) => this.#onClose(code, reason.toString()));
  }

  /**
   * Connects, checks the challenge names `endpoint.hotkey`, signs `auth` with `key`, and waits for the
   * miner to admit us. Rejects with `MinerClientError` (UNREACHABLE, HANDSHAKE, REFUSED, MALFORMED…).
   */
  static open(
    endpoint: MinerEndpoint,
    key: Sr25519Signer,
    options: MinerConnectionOptions = {},
  ): Promise<MinerConnection> {
    const address = `${endpoint.ip}:${endpoint.port}`;
    const base = { uid: endpoint.uid, hotkey: endpoint.hotkey, address };
    // Port 0 or an unspecified address (0.0.0.0 / ::, which would reach this very host) is no axon.
    const unspecified = !endpoint.ip || endpoint.ip === '0.0.0.0' || endpoint.ip === '::';
    if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65_535 || unspecified) {
      return Promise.reject(
        new MinerClientError({ code: 'UNREACHABLE', ...base }, `miner uid ${endpoint.uid} serves no axon`),
      );
    }
    let minerPublicKey: Uint8Array;
    try {
      minerPublicKey = toPublicKey(endpoint.hotkey);
    } catch (cause) {
      return Promise.reject(
        new MinerClientError({ code: 'HANDSHAKE', ...base }, `miner hotkey is not valid SS58`, { cause }),
      );
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    let connection: MinerConnection;
    try {
      connection = new MinerConnection(endpoint, key, minerPublicKey, options);
    } catch (cause) {
      // `ws` throws synchronously on a URL it cannot use.
      return Promise.reject(
        new MinerClientError({ code: 'UNREACHABLE', ...base }, `cannot connect to ${address}`, { cause }),
      );
    }
    return new Promise<MinerConnection>((resolve, reject) => {
      const timer = setTimeout(() => {
        const code: MinerFailure = connection.#state === 'connecting' ? 'UNREACHABLE' : 'HANDSHAKE';
        connection.#fail(
          code,
          `no ${code === 'UNREACHABLE' ? 'connection' : 'handshake'} in ${timeoutMs} ms`,
        );
      }, timeoutMs);
      connection.#opened = { resolve: () => resolve(connection), reject, timer };
    });
  }

  /** The miner's signed info as answered during `open` (domain, task, labels, model hash). */
  get admittedInfo(): MinerInfo {
    if (!this.#admittedInfo) throw new Error('admittedInfo is set once open() resolves');
    return this.#admittedInfo;
  }

  get isOpen(): boolean {
    return this.#state === 'open';
  }

  /** Requests sent and not yet answered (timed-out ones included until their answer or the close). */
  get inFlight(): number {
    return this.#pending.size;
  }

  /** A fresh, signed `info` answer. */
  async info(options: { timeoutMs?: number } = {}): Promise<MinerInfo> {
    const answer = await this.#request({ type: 'info' }, 0, options.timeoutMs);
    return {
      ...this.#decode(answer.frame, () => decodeInfoPayload(answer.frame.payload, this.#limits)),
      evidence: answer.evidence,
    };
  }

  /**
   * Classifies `texts` (1..maxBatch, each ≤ maxTextChars: a `ValidatorError` otherwise). The answer
   * must hold one probability vector per text over the labels the miner declared at `open`.
   */
  async classify(texts: string[], options: { timeoutMs?: number } = {}): Promise<ClassifyResult> {
    this.#checkTexts(texts);
    const answer = await this.#request({ type: 'classify', texts }, texts.length, options.timeoutMs);
    const payload = this.#decode(answer.frame, () =>
      decodeClassifyPayload(
        answer.frame.payload,
        { items: texts.length, labels: this.#labels },
        this.#limits,
      ),
    );
    return {
      probabilities: payload.probabilities,
      inferenceMs: payload.inferenceMs,
      latencyMs: answer.latencyMs,
      evidence: answer.evidence,
    };
  }

  /** Closes the connection; pending requests fail with CLOSED. Safe to call more than once. */
  close(): void {
    this.#fail('CLOSED', 'connection closed by the validator', undefined, CLOSE_NORMAL);
  }

  // -------------------------------------------------------------------------------------------------
  // Requests

  #checkTexts(texts: unknown): void {
    const { maxBatch, maxTextChars } = this.#limits;
    if (!Array.isArray(texts) || texts.length < 1 || texts.length > maxBatch) {
      throw new ValidatorError(
        { code: 'INVALID_REQUEST', reason: `texts must be an array of 1..${maxBatch} strings` },
        `classify needs 1..${maxBatch} texts`,
      );
    }
    for (const text of texts) {
      if (typeof text !== 'string' || text.length > maxTextChars) {
        throw new ValidatorError(
          {
            code: 'INVALID_REQUEST',
            reason: `every text must be a string of at most ${maxTextChars} characters`,
          },
          `classify texts must be strings of at most ${maxTextChars} characters`,
        );
      }
    }
  }

  /** Decodes a verified payload; a shape error fails only this request (the signature was good). */
  #decode<T>(frame: ResponseFrame, decode: () => T): T {
    try {
      return decode();
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      throw this.#error('MALFORMED', `miner answered a malformed payload: ${err.shortMessage}`, {
        requestId: frame.id,
      });
    }
  }

  #request(
    body: { type: 'info' } | { type: 'classify'; texts: string[] },
    items: number,
    timeoutMs = this.#requestTimeoutMs,
  ): Promise<{ frame: ResponseFrame; evidence: SignedEvidence; latencyMs: number }> {
    return new Promise((resolve, reject) => {
      if (this.#state !== 'open' && !(this.#state === 'handshaking' && this.#opened)) {
        reject(this.#failureError() ?? this.#error('CLOSED', 'connection is not open'));
        return;
      }
      let pending: Pending | undefined;
      let queued: Queued | undefined;
      const timer = setTimeout(() => {
        if (queued) {
          const index = this.#queue.indexOf(queued);
          if (index >= 0) this.#queue.splice(index, 1);
        }
        if (pending) pending.abandoned = true;
        reject(this.#error('TIMEOUT', `no answer in ${timeoutMs} ms`, { requestId: pending?.id }));
      }, timeoutMs);
      const start = (): void => {
        queued = undefined;
        const id = this.#takeId();
        const requestBytes = encodeFrame({ ...body, id } as RequestFrame);
        pending = {
          id,
          kind: body.type,
          requestBytes,
          items,
          sentAt: performance.now(),
          abandoned: false,
          timer,
          resolve: (answer) => {
            clearTimeout(timer);
            resolve(answer);
          },
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        };
        this.#pending.set(id, pending);
        this.#ws.send(requestBytes, { binary: true }, (err) => {
          if (err)
            this.#settle(id, (p) => p.reject(this.#failureError() ?? this.#error('CLOSED', err.message)));
        });
      };
      if (this.#pending.size < this.#maxInFlight) start();
      else {
        queued = {
          start,
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        };
        this.#queue.push(queued);
      }
    });
  }

  #takeId(): number {
    // u32 ids, skipping any still pending after a wrap-around.
    for (;;) {
      const id = this.#nextId;
      this.#nextId = id >= MAX_REQUEST_ID ? 1 : id + 1;
      if (!this.#pending.has(id)) return id;
    }
  }

  /** Removes request `id`, frees its slot (starting a queued request) and hands it to `then`. */
  #settle(id: number, then: (pending: Pending) => void): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (!pending.abandoned) then(pending);
    while (this.#state === 'open' && this.#pending.size < this.#maxInFlight && this.#queue.length > 0) {
      this.#queue.shift()!.start();
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Frames

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#state === 'closed') return;
    if (!isBinary) {
      this.#fail('MALFORMED', 'miner sent a text frame', undefined, CLOSE_PROTOCOL_ERROR);
      return;
    }
    let frame: MinerToValidatorFrame;
    try {
      frame = decodeMinerFrame(toBytes(data), this.#limits);
    } catch (err) {
      const message = err instanceof ProtocolError ? err.shortMessage : String(err);
      this.#fail('MALFORMED', `miner sent an invalid frame: ${message}`, undefined, CLOSE_PROTOCOL_ERROR);
      return;
    }
    switch (frame.type) {
      case 'challenge':
        this.#onChallenge(frame);
        return;
      case 'response':
        this.#onResponse(frame);
        return;
      case 'error':
        this.#onErrorFrame(frame);
        return;
    }
  }

  #onChallenge(challenge: ChallengeFrame): void {
    if (this.#state !== 'handshaking' || this.#pending.size > 0) {
      this.#fail('MALFORMED', 'miner sent a second challenge', undefined, CLOSE_PROTOCOL_ERROR);
      return;
    }
    const check = checkChallenge(challenge, this.endpoint.hotkey);
    if (!check.ok) {
      this.#fail(
        'HANDSHAKE',
        `refusing to authenticate: ${check.message}`,
        undefined,
        closeFor(check.reason).code,
      );
      return;
    }
    let auth: Uint8Array;
    try {
      auth = encodeFrame(signHandshake(this.#key, challenge));
    } catch (err) {
      this.#fail(
        'HANDSHAKE',
        `cannot sign the handshake: ${(err as Error).message}`,
        undefined,
        CLOSE_CODES.INTERNAL,
      );
      return;
    }
    this.#ws.send(auth, { binary: true });
    // Admission check: answered only if the miner accepted the auth (it closes otherwise).
    this.#request({ type: 'info' }, 0).then(
      (answer) => {
        let info: InfoPayload;
        try {
          info = decodeInfoPayload(answer.frame.payload, this.#limits);
        } catch (err) {
          const message = err instanceof ProtocolError ? err.shortMessage : String(err);
          this.#fail('MALFORMED', `miner info is malformed: ${message}`, undefined, CLOSE_PROTOCOL_ERROR);
          return;
        }
        if (this.#state !== 'handshaking' || !this.#opened) return;
        this.#labels = info.labels.length;
        this.#admittedInfo = { ...info, evidence: answer.evidence };
        this.#state = 'open';
        const opened = this.#opened;
        this.#opened = undefined;
        clearTimeout(opened.timer);
        this.#log.debug({ domain: info.domain, task: info.task }, 'miner connection open');
        opened.resolve();
      },
      (err: Error) => {
        // The open timer or the close handler already reported the cause; report anything else.
        if (this.#opened)
          this.#fail(err instanceof MinerClientError ? err.failure : 'HANDSHAKE', err.message);
      },
    );
  }

  #onResponse(frame: ResponseFrame): void {
    const pending = this.#pending.get(frame.id);
    if (!pending) {
      this.#log.debug({ id: frame.id }, 'answer to no pending request (ignored)');
      return;
    }
    const latencyMs = performance.now() - pending.sentAt;
    const requestHash = hashBytes(pending.requestBytes);
    const responseHash = hashBytes(frame.payload);
    const ok = verifySr25519(
      signingMessage(requestHash, responseHash),
      frame.signature,
      this.#minerPublicKey,
    );
    this.#settle(frame.id, (p) => {
      if (!ok) {
        p.reject(this.#error('BAD_SIGNATURE', 'response signature does not verify', { requestId: frame.id }));
        return;
      }
      p.resolve({
        frame,
        latencyMs,
        evidence: {
          requestHash: u8aToHex(requestHash),
          responseHash: u8aToHex(responseHash),
          signature: u8aToHex(frame.signature),
        },
      });
    });
  }

  #onErrorFrame(frame: ErrorFrame): void {
    if (frame.id === null) {
      this.#log.warn({ code: frame.code, message: frame.message }, 'miner error frame for no request');
      return;
    }
    const detail: Detail = { wireCode: frame.code, requestId: frame.id };
    if (frame.retryAfterMs !== undefined) detail.retryAfterMs = frame.retryAfterMs;
    this.#settle(frame.id, (p) =>
      p.reject(this.#error('REFUSED', `miner refused the request: ${frame.code} ${frame.message}`, detail)),
    );
  }

  // -------------------------------------------------------------------------------------------------
  // Failure and close

  /** Records why the connection ends, closes the socket, fails everything waiting. */
  #fail(code: MinerFailure, message: string, detail?: Detail, closeCode?: number): void {
    if (this.#state === 'closed') return;
    this.#failure ??= { code, message, ...(detail ? { detail } : {}) };
    const wasConnecting = this.#state === 'connecting';
    this.#state = 'closed';
    if (wasConnecting || closeCode === undefined) this.#ws.terminate();
    else this.#ws.close(closeCode);
    this.#rejectAll();
  }

  #onClose(code: number, reason: string): void {
    const wasState = this.#state;
    this.#state = 'closed';
    if (!this.#failure) this.#failure = this.#classifyClose(wasState, code, reason);
    this.#log.debug({ code, reason, failure: this.#failure.code }, 'miner connection closed');
    this.#rejectAll();
  }

  #classifyClose(
    wasState: State,
    code: number,
    reason: string,
  ): { code: MinerFailure; message: string; detail?: Detail } {
    const name = closeReasonOf(code);
    const detail: Detail = { closeCode: code, ...(name ? { closeReason: name } : {}) };
    const err = this.#lastSocketError as (Error & { code?: string }) | undefined;
    if (wasState === 'connecting') {
      return {
        code: 'UNREACHABLE',
        message: `cannot connect: ${err?.message ?? `closed (${code})`}`,
        detail,
      };
    }
    if (err?.code?.startsWith('WS_ERR_')) {
      // `ws` refused what the miner sent (oversized or invalid WebSocket frame) and closed.
      return {
        code: 'MALFORMED',
        message: `miner broke the WebSocket protocol (${err.code}): ${err.message}`,
        detail,
      };
    }
    if (name) {
      const failure = FAILURE_BY_CLOSE_REASON[name];
      return {
        code: failure,
        message: `miner closed the connection: ${name}${reason ? ` (${reason})` : ''}`,
        detail,
      };
    }
    if (wasState === 'handshaking') {
      return { code: 'HANDSHAKE', message: `miner closed during the handshake (${code})`, detail };
    }
    return {
      code: 'CLOSED',
      message: `miner closed the connection (${code}${reason ? ` ${reason}` : ''})`,
      detail,
    };
  }

  #rejectAll(): void {
    const err = (): MinerClientError => this.#failureError() ?? this.#error('CLOSED', 'connection closed');
    const opened = this.#opened;
    this.#opened = undefined;
    if (opened) {
      clearTimeout(opened.timer);
      opened.reject(err());
    }
    for (const id of [...this.#pending.keys()]) this.#settle(id, (p) => p.reject(err()));
    for (const queued of this.#queue.splice(0)) queued.reject(err());
  }

  #failureError(): MinerClientError | undefined {
    const f = this.#failure;
    return f && this.#error(f.code, f.message, f.detail);
  }

  #error(code: MinerFailure, message: string, detail: Detail = {}): MinerClientError {
    const { uid, hotkey, ip, port } = this.endpoint;
    return new MinerClientError(
      { code, uid, hotkey, address: `${ip}:${port}`, ...detail },
      `miner uid ${uid} (${ip}:${port}): ${message}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// Pool

export interface MinerConnectionsOptions extends Omit<MinerConnectionOptions, 'timeoutMs'> {
  /** Connect + handshake budget per open, ms. Default 5000. */
  connectTimeoutMs?: number;
}

interface PoolEntry {
  key: string;
  opening: Promise<MinerConnection>;
  connection: MinerConnection | undefined;
}

/**
 * One open connection per miner, keyed by (uid, hotkey, ip, port): a new hotkey or axon at a uid replaces
 * the old connection; a closed one is reopened on the next `get`. Concurrent `get`s share one open.
 * One pool per validator hotkey and process: miners refuse a second connection of the same validator.
 */
export class MinerConnections {
  readonly #key: Sr25519Signer;
  readonly #options: MinerConnectionsOptions;
  readonly #entries = new Map<number, PoolEntry>();
  #closed = false;

  constructor(key: Sr25519Signer, options: MinerConnectionsOptions = {}) {
    this.#key = key;
    this.#options = options;
  }

  /** Connections open now. */
  get size(): number {
    let n = 0;
    for (const entry of this.#entries.values()) if (entry.connection?.isOpen) n++;
    return n;
  }

  get(endpoint: MinerEndpoint): Promise<MinerConnection> {
    if (this.#closed) {
      return Promise.reject(
        new MinerClientError(
          {
            code: 'CLOSED',
            uid: endpoint.uid,
            hotkey: endpoint.hotkey,
            address: `${endpoint.ip}:${endpoint.port}`,
          },
          'miner connection pool is closed',
        ),
      );
    }
    const key = `${endpoint.uid}|${endpoint.hotkey}|${endpoint.ip}|${endpoint.port}`;
    const existing = this.#entries.get(endpoint.uid);
    if (existing?.key === key) {
      if (!existing.connection) return existing.opening;
      if (existing.connection.isOpen) return Promise.resolve(existing.connection);
    }
    existing?.connection?.close();
    const entry: PoolEntry = {
      key,
      opening: undefined as unknown as Promise<MinerConnection>,
      connection: undefined,
    };
    entry.opening = this.#open(endpoint, Boolean(existing)).then(
      (connection) => {
        if (this.#entries.get(endpoint.uid) !== entry) {
          // Dropped or replaced while opening.
          connection.close();
          throw new MinerClientError(
            {
              code: 'CLOSED',
              uid: endpoint.uid,
              hotkey: endpoint.hotkey,
              address: `${endpoint.ip}:${endpoint.port}`,
            },
            'miner connection dropped while opening',
          );
        }
        entry.connection = connection;
        return connection;
      },
      (err: unknown) => {
        if (this.#entries.get(endpoint.uid) === entry) this.#entries.delete(endpoint.uid);
        throw err;
      },
    );
    this.#entries.set(endpoint.uid, entry);
    return entry.opening;
  }

  /** Closes and forgets the connection of `uid` (e.g. deregistered, or after a bad answer). */
  drop(uid: number): void {
    const entry = this.#entries.get(uid);
    if (!entry) return;
    this.#entries.delete(uid);
    entry.connection?.close();
  }

  close(): void {
    this.#closed = true;
    for (const uid of [...this.#entries.keys()]) this.drop(uid);
  }

  async #open(endpoint: MinerEndpoint, replacing: boolean): Promise<MinerConnection> {
    const options = { ...this.#options, timeoutMs: this.#options.connectTimeoutMs };
    try {
      return await MinerConnection.open(endpoint, this.#key, options);
    } catch (err) {
      // The miner may not have seen our old connection's close yet: one retry after a short pause.
      if (!replacing || !(err instanceof MinerClientError) || err.type.closeReason !== 'DUPLICATE_CONNECTION')
        throw err;
      await new Promise((r) => setTimeout(r, 100));
      return MinerConnection.open(endpoint, this.#key, options);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Evidence

/**
 * True when `evidence.signature` is `minerHotkey`'s signature over its two hashes, and, when the bytes are
 * given, the hashes are those of `bytes.request` / `bytes.response` (the response payload). Never throws.
 */
export function verifyEvidence(
  minerHotkey: string,
  evidence: SignedEvidence,
  bytes: { request?: Uint8Array; response?: Uint8Array } = {},
): boolean {
  try {
    const requestHash = parseHex(evidence.requestHash, 32);
    const responseHash = parseHex(evidence.responseHash, 32);
    const signature = parseHex(evidence.signature, 64);
    if (!requestHash || !responseHash || !signature) return false;
    if (bytes.request && !sameBytes(hashBytes(bytes.request), requestHash)) return false;
    if (bytes.response && !sameBytes(hashBytes(bytes.response), responseHash)) return false;
    return verifySr25519(signingMessage(requestHash, responseHash), signature, toPublicKey(minerHotkey));
  } catch {
    return false;
  }
}

/**
 * `RESPONSE_CONTEXT ‖ requestHash ‖ responseHash`: shared/protocol's `responseSigningMessage`, built from
 * the hashes (evidence holds hashes, not bytes; a test pins the two equal).
 */
export function signingMessage(requestHash: Uint8Array, responseHash: Uint8Array): Uint8Array {
  const out = new Uint8Array(RESPONSE_CONTEXT_BYTES.length + 64);
  out.set(RESPONSE_CONTEXT_BYTES, 0);
  out.set(requestHash, RESPONSE_CONTEXT_BYTES.length);
  out.set(responseHash, RESPONSE_CONTEXT_BYTES.length + 32);
  return out;
}

function parseHex(value: unknown, length: number): Uint8Array | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.startsWith('0x') ? value : `0x${value}`;
  if (!isHex(text, length * 8)) return undefined;
  return hexToU8a(text);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function endpointUrl(endpoint: MinerEndpoint): string {
  const host = isIPv6(endpoint.ip) ? `[${endpoint.ip}]` : endpoint.ip;
  return `ws://${host}:${endpoint.port}`;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
