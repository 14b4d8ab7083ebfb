/**
 * The socket under a `MinerConnection` (./connection.ts): one authenticated WebSocket to a miner, the
 * handshake, requests multiplexed by id (./requests.ts), every answer's signature checked against the
 * miner hotkey the metagraph lists (./evidence.ts), and every failure turned into a `MinerClientError`
 * whose code is a `MinerFailure` (./failures.ts); nothing here throws outside the returned promises.
 *
 * Connecting is complete only once the miner has admitted us: after `auth` it sends an `info` request,
 * and the miner handles frames in order, so an answer to that request means the handshake and its chain
 * checks passed (a refusal closes the socket before the answer). The info also gives the label count
 * that every classify answer is checked against.
 *
 * Requests go through one of two tables: `classify` (and `info`), up to `maxInFlight` on the wire, and
 * `bundle`, one at a time with ids from a separate range, so a download never holds a classify slot.
 */
import { isIPv6 } from 'node:net';
import WebSocket, { type RawData } from 'ws';
import type { Logger } from '../../shared/logger.js';
import { silentLogger } from '../../shared/logger.js';
import {
  type ChallengeFrame,
  CLOSE_CODES,
  checkChallenge,
  closeFor,
  DEFAULT_LIMITS,
  decodeInfoPayload,
  decodeMinerFrame,
  type ErrorFrame,
  encodeFrame,
  type InfoPayload,
  type MinerToValidatorFrame,
  ProtocolError,
  type ProtocolLimits,
  type RequestFrame,
  type ResponseFrame,
  signHandshake,
} from '../../shared/protocol/index.js';
import { type Sr25519Signer, toPublicKey } from '../../shared/wallet/index.js';
import { MinerClientError, type MinerFailure } from '../errors.js';
import { answerEvidence, type SignedEvidence } from './evidence.js';
import { type Failure, type FailureDetail, failureOfClose, failureOfWireCode } from './failures.js';
import { BUNDLE_IDS, CLASSIFY_IDS, RequestTable } from './requests.js';
import type { MinerConnectionOptions, MinerEndpoint, MinerInfo } from './types.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Close code we send to a peer that broke the protocol (RFC 6455 "protocol error"). */
const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_NORMAL = 1000;

type State = 'connecting' | 'handshaking' | 'open' | 'closed';
export type RequestBody =
  | { type: 'info' }
  | { type: 'classify'; texts: string[] }
  | { type: 'bundle_manifest' }
  | { type: 'bundle_chunk'; path: string; offset: number; length: number };

export interface Answer {
  frame: ResponseFrame;
  evidence: SignedEvidence;
  latencyMs: number;
}

export class MinerSocket {
  readonly endpoint: MinerEndpoint;
  readonly #ws: WebSocket;
  readonly #key: Sr25519Signer;
  readonly #limits: ProtocolLimits;
  readonly #requestTimeoutMs: number;
  readonly #log: Logger;
  readonly #minerPublicKey: Uint8Array;
  readonly #requests: RequestTable<Answer>;
  readonly #bundleRequests = new RequestTable<Answer>(1, BUNDLE_IDS);
  #state: State = 'connecting';
  #labels = 0;
  #admittedInfo: MinerInfo | undefined;
  /** Why we are closing, when we decided it; a later `close` event reports this. */
  #failure: Failure | undefined;
  #lastSocketError: Error | undefined;
  #opened: { resolve: () => void; reject: (err: Error) => void; timer: NodeJS.Timeout } | undefined;

  protected constructor(
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
    this.#requests = new RequestTable(
      options.maxInFlight ?? this.#limits.maxConcurrentPerValidator,
      CLASSIFY_IDS,
    );
    this.#log = (options.logger ?? silentLogger()).child({ uid: endpoint.uid, miner: endpoint.hotkey });
    this.#ws = new WebSocket(endpointUrl(endpoint), {
      maxPayload: this.#limits.maxFrameBytes,
      perMessageDeflate: false,
      followRedirects: false,
      handshakeTimeout: options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
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
   * `make` builds the socket (the subclass's constructor).
   */
  protected static connect<T extends MinerSocket>(
    endpoint: MinerEndpoint,
    key: Sr25519Signer,
    options: MinerConnectionOptions,
    make: (
      endpoint: MinerEndpoint,
      key: Sr25519Signer,
      minerPublicKey: Uint8Array,
      options: MinerConnectionOptions,
    ) => T,
  ): Promise<T> {
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
    let connection: T;
    try {
      connection = make(endpoint, key, minerPublicKey, options);
    } catch (cause) {
      // `ws` throws synchronously on a URL it cannot use.
      return Promise.reject(
        new MinerClientError({ code: 'UNREACHABLE', ...base }, `cannot connect to ${address}`, { cause }),
      );
    }
    return new Promise<T>((resolve, reject) => {
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

  /** Requests sent and not yet answered, failed or timed out: the slots in use. */
  get inFlight(): number {
    return this.#requests.inFlight;
  }

  /** Closes the connection; pending requests fail with CLOSED. Safe to call more than once. */
  close(): void {
    this.#fail('CLOSED', 'connection closed by the validator', undefined, CLOSE_NORMAL);
  }

  // -------------------------------------------------------------------------------------------------
  // Requests

  /** The limits both sides were configured with. */
  protected get limits(): ProtocolLimits {
    return this.#limits;
  }

  /** Labels of the admitted info: the length of every classify vector. */
  protected get labelCount(): number {
    return this.#labels;
  }

  /** Decodes a verified payload; a shape error fails only this request (the signature was good). */
  protected decode<T>(frame: ResponseFrame, decode: () => T): T {
    try {
      return decode();
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      throw this.error('MALFORMED', `miner answered a malformed payload: ${err.shortMessage}`, {
        requestId: frame.id,
      });
    }
  }

  /** Sends `body` through the classify or the bundle table; resolves with the verified answer. */
  protected request(
    body: RequestBody,
    timeoutMs = this.#requestTimeoutMs,
    channel: 'classify' | 'bundle' = 'classify',
  ): Promise<Answer> {
    const table = channel === 'bundle' ? this.#bundleRequests : this.#requests;
    if (this.#state !== 'open' && !(this.#state === 'handshaking' && this.#opened)) {
      return Promise.reject(this.#failureError() ?? this.error('CLOSED', 'connection is not open'));
    }
    return table.submit({
      timeoutMs,
      timeoutError: (id) =>
        this.error('TIMEOUT', `no answer in ${timeoutMs} ms`, id === undefined ? {} : { requestId: id }),
      send: (id) => {
        const bytes = encodeFrame({ ...body, id } as RequestFrame);
        this.#ws.send(bytes, { binary: true }, (err) => {
          if (err) {
            const failed = this.#failureError() ?? this.error('CLOSED', err.message);
            table.settle(id, (request) => request.reject(failed));
          }
        });
        return bytes;
      },
    });
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
    if (this.#state !== 'handshaking' || this.#requests.inFlight > 0) {
      this.#fail('MALFORMED', 'miner sent a second challenge', undefined, CLOSE_PROTOCOL_ERROR);
      return;
    }
    const check = checkChallenge(challenge, this.endpoint.hotkey);
    if (!check.ok) {
      const closeCode = closeFor(check.reason).code;
      this.#fail('HANDSHAKE', `refusing to authenticate: ${check.message}`, undefined, closeCode);
      return;
    }
    let auth: Uint8Array;
    try {
      auth = encodeFrame(signHandshake(this.#key, challenge));
    } catch (err) {
      const message = `cannot sign the handshake: ${(err as Error).message}`;
      this.#fail('HANDSHAKE', message, undefined, CLOSE_CODES.INTERNAL);
      return;
    }
    this.#ws.send(auth, { binary: true });
    // Admission check: answered only if the miner accepted the auth (it closes otherwise).
    this.request({ type: 'info' }).then(
      (answer) => this.#onAdmitted(answer),
      (err: Error) => {
        // The open timer or the close handler already reported the cause; report anything else.
        if (this.#opened)
          this.#fail(err instanceof MinerClientError ? err.failure : 'HANDSHAKE', err.message);
      },
    );
  }

  #onAdmitted(answer: Answer): void {
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
    this.#admittedInfo = { ...info, payload: ownCopy(answer.frame.payload), evidence: answer.evidence };
    this.#state = 'open';
    const opened = this.#opened;
    this.#opened = undefined;
    clearTimeout(opened.timer);
    this.#log.debug({ domain: info.domain, task: info.task }, 'miner connection open');
    opened.resolve();
  }

  /** The table whose id range holds `id`. */
  #tableOf(id: number): RequestTable<Answer> {
    return id >= BUNDLE_IDS.first ? this.#bundleRequests : this.#requests;
  }

  #onResponse(frame: ResponseFrame): void {
    const table = this.#tableOf(frame.id);
    const found = table.settle(frame.id, (request) => {
      const latencyMs = performance.now() - request.sentAt;
      const evidence = answerEvidence(request.bytes, frame.payload, frame.signature, this.#minerPublicKey);
      if (!evidence) {
        request.reject(
          this.error('BAD_SIGNATURE', 'response signature does not verify', { requestId: frame.id }),
        );
        return;
      }
      request.resolve({ frame, latencyMs, evidence });
    });
    if (found) return;
    // Not checked: nobody waits for it, and the request's slot is already free.
    if (table.takeLate(frame.id)) this.#log.debug({ id: frame.id }, 'late answer dropped');
    else this.#log.debug({ id: frame.id }, 'answer to no pending request (ignored)');
  }

  #onErrorFrame(frame: ErrorFrame): void {
    if (frame.id === null) {
      this.#log.warn({ code: frame.code, message: frame.message }, 'miner error frame for no request');
      return;
    }
    const detail: FailureDetail = { wireCode: frame.code, requestId: frame.id };
    if (frame.retryAfterMs !== undefined) detail.retryAfterMs = frame.retryAfterMs;
    const failure = failureOfWireCode(frame.code);
    const message = `miner ${failure === 'TIMEOUT' ? 'gave up on' : 'refused'} the request: ${frame.code} ${frame.message}`;
    const table = this.#tableOf(frame.id);
    const found = table.settle(frame.id, (p) => p.reject(this.error(failure, message, detail)));
    if (!found && table.takeLate(frame.id)) this.#log.debug({ id: frame.id }, 'late error dropped');
  }

  // -------------------------------------------------------------------------------------------------
  // Failure and close

  /** Records why the connection ends, closes the socket, fails everything waiting. */
  #fail(code: MinerFailure, message: string, detail?: FailureDetail, closeCode?: number): void {
    if (this.#state === 'closed') return;
    this.#failure ??= { code, message, ...(detail ? { detail } : {}) };
    const wasConnecting = this.#state === 'connecting';
    this.#state = 'closed';
    if (wasConnecting || closeCode === undefined) this.#ws.terminate();
    else this.#ws.close(closeCode);
    this.#rejectAll();
  }

  #onClose(code: number, reason: string): void {
    const stage = this.#state;
    this.#state = 'closed';
    if (!this.#failure && stage !== 'closed') {
      this.#failure = failureOfClose(stage, code, reason, this.#lastSocketError);
    }
    this.#log.debug({ code, reason, failure: this.#failure?.code }, 'miner connection closed');
    this.#rejectAll();
  }

  #rejectAll(): void {
    const err = (): MinerClientError => this.#failureError() ?? this.error('CLOSED', 'connection closed');
    const opened = this.#opened;
    this.#opened = undefined;
    if (opened) {
      clearTimeout(opened.timer);
      opened.reject(err());
    }
    this.#requests.close(err);
    this.#bundleRequests.close(err);
  }

  #failureError(): MinerClientError | undefined {
    const f = this.#failure;
    return f && this.error(f.code, f.message, f.detail);
  }

  protected error(code: MinerFailure, message: string, detail: FailureDetail = {}): MinerClientError {
    const { uid, hotkey, ip, port } = this.endpoint;
    return new MinerClientError(
      { code, uid, hotkey, address: `${ip}:${port}`, ...detail },
      `miner uid ${uid} (${ip}:${port}): ${message}`,
    );
  }
}

function endpointUrl(endpoint: MinerEndpoint): string {
  const host = isIPv6(endpoint.ip) ? `[${endpoint.ip}]` : endpoint.ip;
  return `ws://${host}:${endpoint.port}`;
}

/** A copy: the decoded `payload` is a view into the socket's buffer, which a result must not keep alive. */
export function ownCopy(payload: Uint8Array): Uint8Array {
  return new Uint8Array(payload);
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
