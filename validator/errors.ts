/**
 * Typed errors of the validator. `MinerClientError` is one miner failing a request or a connection
 * (its `code` is the `MinerFailure`, the `reason` label of `expertnet_validator_miner_errors_total`);
 * `ValidatorError` is the validator's own bad input or state. Other validator modules add codes here.
 */
import { ExpertnetError } from '../shared/errors.js';
import type { WireErrorCode } from '../shared/protocol/index.js';

/**
 * Why a miner gave no usable answer. All but `INVALID_REQUEST` are the miner's doing and score 0;
 * `INVALID_REQUEST` never reached the miner (`blamesMiner`).
 */
export type MinerFailure =
  /** TCP/WebSocket connection could not be made (refused, no route, DNS, upgrade refused). */
  | 'UNREACHABLE'
  /** The handshake failed: wrong hotkey at the address, unsupported version, no challenge, 40xx close. */
  | 'HANDSHAKE'
  /** No answer within the per-request timeout (a slow connect is UNREACHABLE, a slow handshake HANDSHAKE). */
  | 'TIMEOUT'
  /** A response whose signature is not the expected miner hotkey's over the request/response bytes. */
  | 'BAD_SIGNATURE'
  /** Undecodable frame, wrong payload shape or a frame that does not fit the protocol. */
  | 'MALFORMED'
  /** The miner answered with an `error` frame or closed for a policy reason (stake, rate, overload). */
  | 'REFUSED'
  /** The connection closed (or was closed by us) before the answer came. */
  | 'CLOSED'
  /**
   * Refused here before anything was sent: the request breaks the wire limits (no texts, too many, a
   * text over `maxTextChars` UTF-16 units, a frame over `maxFrameBytes`). The caller's fault, never the
   * miner's: do not score, cool down or charge the miner for it.
   */
  | 'INVALID_REQUEST';

export const MINER_FAILURES: readonly MinerFailure[] = [
  'UNREACHABLE',
  'HANDSHAKE',
  'TIMEOUT',
  'BAD_SIGNATURE',
  'MALFORMED',
  'REFUSED',
  'CLOSED',
  'INVALID_REQUEST',
];

/** False for `INVALID_REQUEST` (refused before it reached the miner); true for every miner failure. */
export function blamesMiner(failure: MinerFailure): boolean {
  return failure !== 'INVALID_REQUEST';
}

export interface MinerClientErrorType {
  code: MinerFailure;
  uid: number;
  hotkey: string;
  /** `ip:port` of the axon. */
  address: string;
  /** WebSocket close code when the miner (or `ws`) closed the connection. */
  closeCode?: number;
  /** Name of a protocol close code (`closeReasonOf`), e.g. `NO_VALIDATOR_PERMIT`. */
  closeReason?: string;
  /** Code of the miner's `error` frame. */
  wireCode?: WireErrorCode;
  /** Miner's retry hint on RATE_LIMITED / OVERLOADED. */
  retryAfterMs?: number;
  requestId?: number;
}

export class MinerClientError extends ExpertnetError<MinerClientErrorType> {
  get failure(): MinerFailure {
    return this.type.code;
  }
}

export type ValidatorErrorType =
  | { code: 'INVALID_CHALLENGE'; parameter: string; reason: string }
  | { code: 'INVALID_SECRET'; reason: string }
  | { code: 'INVALID_EVIDENCE'; reason: string }
  /** Bad command-line, env or config-file value (validator/config.ts). */
  | { code: 'BAD_CONFIG'; option: string; reason: string }
  /** The validator's hotkey has no uid on the subnet. */
  | { code: 'NOT_REGISTERED'; netuid: number; hotkey: string }
  /** The state file holds something the validator did not write. */
  | { code: 'BAD_STATE'; reason: string };

export class ValidatorError extends ExpertnetError<ValidatorErrorType> {}
