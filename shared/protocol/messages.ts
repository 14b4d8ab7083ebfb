/**
 * Every frame of the miner–validator protocol, typed once for both directions.
 *
 * Connection: the miner sends `challenge`; the validator answers `auth`; then the validator sends
 * requests (`info`, `classify`) tagged with its own `id` and the miner answers each with `response`
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

export type RequestFrame = InfoRequestFrame | ClassifyRequestFrame;
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
}

/** Payload of a response to `classify`: one vector per text, in request order, over `labels`. */
export interface ClassifyPayload {
  kind: 'classify';
  /** Probabilities travel as float32; decoded values are the float32 values. */
  probabilities: number[][];
  /** Miner-measured inference time for the batch, milliseconds. */
  inferenceMs: number;
}

export type ResponsePayload = InfoPayload | ClassifyPayload;
