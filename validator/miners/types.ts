/** Plain data of the miner client: where a miner is, what it answers, how a connection behaves. */
import type { Logger } from '../../shared/logger.js';
import type { InfoPayload, ProtocolLimits } from '../../shared/protocol/index.js';
import type { SignedEvidence } from './evidence.js';

export interface MinerEndpoint {
  uid: number;
  /** The hotkey the metagraph lists for this uid: the only one we sign a handshake for. */
  hotkey: string;
  ip: string;
  port: number;
}

export interface MinerInfo extends InfoPayload {
  /**
   * The info payload exactly as received and signed (blake2-256 of it is `evidence.responseHash`), in
   * whatever valid MessagePack the miner chose: what a third party needs to re-check the labels.
   */
  payload: Uint8Array;
  evidence: SignedEvidence;
}

export interface ClassifyResult {
  /** One vector per text, in request order, over the miner's labels (as decoded from `payload`). */
  probabilities: number[][];
  /** What the miner says its inference took (not trusted for scoring: see `latencyMs`). */
  inferenceMs: number;
  /** Measured here: request sent → signed answer received, milliseconds. */
  latencyMs: number;
  /**
   * The classify payload exactly as received and signed (blake2-256 of it is `evidence.responseHash`);
   * its own copy, not a view of the frame. Lives as long as this result: drop the result once used.
   */
  payload: Uint8Array;
  evidence: SignedEvidence;
  /** The request's id on this connection: with the texts it rebuilds the request bytes the signature covers. */
  requestId: number;
}

/** A miner's `bundle_manifest` answer: nothing about it is checked yet but its shape. */
export interface BundleManifestResult {
  /** The digest the miner says the manifest has. */
  digest: string;
  /** Manifest bytes as received (a view into `payload`). */
  manifest: Uint8Array;
  /** The signed payload as received (own copy). */
  payload: Uint8Array;
  evidence: SignedEvidence;
}

/** A miner's `bundle_chunk` answer, checked to answer the request (path, offset, not too long). */
export interface BundleChunkResult {
  path: string;
  offset: number;
  /** The bytes (own copy, at most the length asked for). */
  data: Uint8Array;
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
