/**
 * Every frame of the miner–validator protocol, typed once for both directions.
 *
 * Connection: the miner sends `challenge`; the validator answers `auth`; then the validator sends
 * requests (`info`, `classify`, `bundle_manifest`, `bundle_chunk`) tagged with its own `id` and the miner answers each with `response`
 * (signed payload) or `error`, in any order (requests are multiplexed on one socket).
 * Before `auth` a miner signs nothing: `info` gets an unsigned `error` UNAUTHORIZED, anything else closes.
 */
import type { WireErrorCode } from './constants.js';

/** Miner → validator, first frame on a connection. */
export interface ChallengeFrame {
  type: 'challenge';
  version: number;
  /** SS58 of the miner hotkey (what the validator must find registered for this axon). */
  minerHotkey: string;
  /** 32 fresh random bytes, signed back by the validator. */
  nonce: Uint8Array;
}

/** Validator → miner, answer to the challenge. */
export interface AuthFrame {
  type: 'auth';
  /** Protocol version the validator signed for. */
  version: number;
  /** The miner hotkey the validator meant to reach (signed). */
  minerHotkey: string;
  validatorHotkey: string;
  /** Validator clock, Unix milliseconds. */
  timestamp: number;
  /** sr25519 over `buildHandshakeMessage(...)`. */
  signature: Uint8Array;
}

export interface InfoRequestFrame {
  type: 'info';
  id: number;
}

export interface ClassifyRequestFrame {
  type: 'classify';
  id: number;
  texts: string[];
}

/** Validator → miner: the canonical manifest of the bundle the miner committed. */
export interface BundleManifestRequestFrame {
  type: 'bundle_manifest';
  id: number;
}

/** Validator → miner: `length` (1..BUNDLE_CHUNK_MAX) bytes of bundle file `path` from `offset`. */
export interface BundleChunkRequestFrame {
  type: 'bundle_chunk';
  id: number;
  /** A file name listed in the bundle manifest. */
  path: string;
  offset: number;
  length: number;
}

/** Miner → validator, a successful answer; `payload` is the exact signed bytes (see signing.ts). */
export interface ResponseFrame {
  type: 'response';
  id: number;
  payload: Uint8Array;
  signature: Uint8Array;
}

/** Miner → validator, a refused or failed request (`id` null when the request id was unreadable). */
export interface ErrorFrame {
  type: 'error';
  id: number | null;
  code: WireErrorCode;
  message: string;
  /** For RATE_LIMITED / OVERLOADED: when to try again. */
  retryAfterMs?: number;
}

export type RequestFrame =
  | InfoRequestFrame
  | ClassifyRequestFrame
  | BundleManifestRequestFrame
  | BundleChunkRequestFrame;
export type ValidatorToMinerFrame = AuthFrame | RequestFrame;
export type MinerToValidatorFrame = ChallengeFrame | ResponseFrame | ErrorFrame;
export type Frame = ValidatorToMinerFrame | MinerToValidatorFrame;

/** Payload of a response to `info`. */
export interface InfoPayload {
  kind: 'info';
  protocolVersion: number;
  domain: string;
  task: string;
  /** Label ids in the order of every probability vector. */
  labels: string[];
  /** sha256 of the served ONNX file, lowercase hex (64 chars). */
  modelSha256: string;
  softwareVersion: string;
  /** Digest of the committed model bundle (shared/models/bundle.ts), lowercase hex (64 chars). */
  bundleDigest: string;
  /** Where the miner runs inference: 'cpu', 'cuda' or another name (1..32 of [A-Za-z0-9_.:-]). */
  executionProvider: string;
}

/** Payload of a response to `classify`: one vector per text, in request order, over `labels`. */
export interface ClassifyPayload {
  kind: 'classify';
  /** Probabilities travel as float32; decoded values are the float32 values. */
  probabilities: number[][];
  /** Miner-measured inference time for the batch, milliseconds. */
  inferenceMs: number;
}

/** Payload of a response to `bundle_manifest`: the canonical manifest bytes and their digest. */
export interface BundleManifestPayload {
  kind: 'bundle_manifest';
  /** sha256 of `manifest`, lowercase hex: the digest the miner committed. */
  digest: string;
  manifest: Uint8Array;
}

/** Payload of a response to `bundle_chunk`: at most the asked length (less only at the end of the file). */
export interface BundleChunkPayload {
  kind: 'bundle_chunk';
  path: string;
  offset: number;
  data: Uint8Array;
}

export type ResponsePayload = InfoPayload | ClassifyPayload | BundleManifestPayload | BundleChunkPayload;
