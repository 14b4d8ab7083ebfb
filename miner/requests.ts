/**
 * Requests of admitted validators: `info` (a signed description of the served model), `classify`
 * (texts into the shared batcher, answer signed over the exact request bytes) and the bundle requests
 * (./bundle-requests.ts, with limits of their own), with the classify per-connection
 * limits: requests in flight (OVERLOADED), a token bucket per hotkey (RATE_LIMITED), and malformed
 * requests counted towards TOO_MANY_ERRORS. Failures of the batcher or the worker become error frames.
 */
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import {
  type BundleChunkRequestFrame,
  buildResponseFrame,
  type ErrorFrame,
  encodeClassifyPayload,
  encodeFrame,
  errorFrame,
  type ProtocolLimits,
  type WireErrorCode,
} from '../shared/protocol/index.js';
import type { RateLimiter } from '../shared/rate-limit.js';
import type { Sr25519Signer } from '../shared/wallet/index.js';
import type { DynamicBatcher } from './batcher.js';
import type { BundleAnswer, BundleRequests } from './bundle-requests.js';
import type { Connection } from './connection.js';
import { MinerError } from './errors.js';
import type { Metrics } from './metrics.js';

export interface RequestHandlerOptions {
  hotkey: Sr25519Signer;
  batcher: DynamicBatcher;
  metrics: Metrics;
  limits: ProtocolLimits;
  rate: RateLimiter;
  /** Encoded `info` payload (the same for every request). */
  infoPayload: Uint8Array;
  bundle: BundleRequests;
  maxErrorsPerConnection: number;
  logger: Logger;
  /** True once the server stops taking new work. */
  stopping: () => boolean;
  /** After each classify settles (the server closes drained connections while stopping). */
  settled: (conn: Connection) => void;
}

export class RequestHandler {
  readonly #o: RequestHandlerOptions;
  readonly #bundleAnswer: BundleAnswer;

  constructor(options: RequestHandlerOptions) {
    this.#o = options;
    this.#bundleAnswer = {
      payload: (conn, id, request, payload, type) => {
        this.#answer(conn, id, request, payload, type, performance.now());
        this.#o.settled(conn);
      },
      error: (conn, frame, type) => {
        this.error(conn, frame, type);
        this.#o.settled(conn);
      },
    };
  }

  info(conn: Connection, id: number, requestBytes: Uint8Array): void {
    this.#answer(conn, id, requestBytes, this.#o.infoPayload, 'info', performance.now());
  }

  /** `bundle_manifest` / `bundle_chunk`: outside the classify slots and the rate bucket. */
  bundle(
    conn: Connection,
    frame: BundleChunkRequestFrame | { type: 'bundle_manifest'; id: number },
    bytes: Uint8Array,
  ): void {
    if (this.#o.stopping()) {
      this.error(conn, errorFrame('OVERLOADED', 'miner is shutting down', frame.id), frame.type, false);
      return;
    }
    if (frame.type === 'bundle_manifest') this.#o.bundle.manifest(conn, frame.id, bytes, this.#bundleAnswer);
    else this.#o.bundle.chunk(conn, frame, bytes, this.#bundleAnswer);
  }

  classify(conn: Connection, hotkey: string, id: number, texts: string[], requestBytes: Uint8Array): void {
    const started = performance.now();
    const { limits } = this.#o;
    if (this.#o.stopping()) {
      this.error(conn, errorFrame('OVERLOADED', 'miner is shutting down', id), 'classify', false);
      return;
    }
    if (conn.inflight >= limits.maxConcurrentPerValidator) {
      const message = `more than ${limits.maxConcurrentPerValidator} requests in flight`;
      this.error(conn, errorFrame('OVERLOADED', message, id, 10), 'classify', false);
      return;
    }
    const wait = this.#o.rate.take(hotkey);
    if (wait > 0) {
      const frame = errorFrame('RATE_LIMITED', 'request rate limit exceeded', id, wait);
      this.error(conn, frame, 'classify', false);
      return;
    }
    conn.inflight++;
    this.#o.batcher.submit(texts, { signal: conn.signal }).then(
      (result) => {
        conn.inflight--;
        const payload = encodeClassifyPayload({
          kind: 'classify',
          probabilities: result.probabilities.map((v) => Array.from(v)),
          inferenceMs: result.inferenceMs,
        });
        this.#answer(conn, id, requestBytes, payload, 'classify', started);
        this.#o.settled(conn);
      },
      (err: unknown) => {
        conn.inflight--;
        const frame = this.#failure(err, id, conn);
        if (frame) this.error(conn, frame, 'classify', false);
        else this.#o.metrics.requestsTotal.inc({ type: 'classify', status: 'disconnected' });
        this.#o.settled(conn);
      },
    );
  }

  /** The error frame for a failed classify; undefined when nobody is left to answer. */
  #failure(err: unknown, id: number, conn: Connection): ErrorFrame | undefined {
    if (!(err instanceof MinerError)) {
      this.#o.logger.error({ err: errorMessage(err), validator: conn.validator }, 'classify failed');
      return errorFrame('INTERNAL', 'inference failed', id);
    }
    const type = err.type;
    switch (type.code) {
      case 'OVERLOADED':
        return errorFrame('OVERLOADED', 'inference queue is full', id, type.retryAfterMs);
      case 'DROPPED':
        // Expired: the validator has most likely given up, but the answer frees its slot.
        if (type.reason === 'disconnected' || !conn.open) return undefined;
        return errorFrame(
          'OVERLOADED',
          `request waited ${Math.round(type.waitedMs)} ms in the queue`,
          id,
          100,
        );
      case 'INFERENCE_TIMEOUT':
        return errorFrame('INTERNAL', `inference timed out after ${type.timeoutMs} ms`, id);
      default:
        // The worker logs its own crash once; one line per request would flood the log meanwhile.
        this.#o.logger.debug({ err: err.shortMessage, validator: conn.validator }, 'classify failed');
        return errorFrame('INTERNAL', 'inference failed', id);
    }
  }

  #answer(
    conn: Connection,
    id: number,
    request: Uint8Array,
    payload: Uint8Array,
    type: string,
    started: number,
  ): void {
    if (!conn.open) {
      // The validator left mid-request: nothing to send, the work is simply dropped.
      this.#o.metrics.requestsTotal.inc({ type, status: 'disconnected' });
      return;
    }
    const frame = buildResponseFrame(this.#o.hotkey, id, request, payload);
    conn.send(encodeFrame(frame));
    this.#o.metrics.requestsTotal.inc({ type, status: 'ok' });
    this.#o.metrics.requestDuration.observe({ type }, (performance.now() - started) / 1000);
  }

  /** Sends an error frame; `malformed` ones count towards TOO_MANY_ERRORS. */
  error(
    conn: Connection,
    frame: ErrorFrame,
    type: string,
    malformed: boolean = isMalformed(frame.code),
  ): void {
    this.#o.metrics.requestsTotal.inc({ type, status: frame.code });
    conn.send(encodeFrame(frame));
    if (malformed && ++conn.errors > this.#o.maxErrorsPerConnection) conn.close('TOO_MANY_ERRORS');
  }
}

function isMalformed(code: WireErrorCode): boolean {
  return code === 'BAD_REQUEST' || code === 'UNKNOWN_TYPE' || code === 'TOO_LARGE';
}
