/**
 * How each way a miner connection or request ends becomes a `MinerFailure`: the miner's close codes,
 * its `error` frame codes, and closes that carry no protocol code.
 */
import { type CloseReason, closeReasonOf, type WireErrorCode } from '../../shared/protocol/index.js';
import type { MinerClientErrorType, MinerFailure } from '../errors.js';

/** What a `MinerClientError` carries besides its code and the miner's identity. */
export type FailureDetail = Omit<MinerClientErrorType, 'code' | 'uid' | 'hotkey' | 'address'>;

export interface Failure {
  code: MinerFailure;
  message: string;
  detail?: FailureDetail;
}

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
  TOO_MANY_CONNECTIONS: 'REFUSED',
  SHUTTING_DOWN: 'CLOSED',
  INTERNAL: 'CLOSED',
};

/**
 * Codes of the miner's `error` frames → what they mean for us. Exhaustive on purpose: a new wire code
 * does not compile until it is given a meaning here.
 */
const FAILURE_BY_WIRE_CODE: Readonly<Record<WireErrorCode, MinerFailure>> = {
  BAD_REQUEST: 'REFUSED',
  TOO_LARGE: 'REFUSED',
  RATE_LIMITED: 'REFUSED',
  OVERLOADED: 'REFUSED',
  UNAUTHORIZED: 'REFUSED',
  INTERNAL: 'REFUSED',
  UNKNOWN_TYPE: 'REFUSED',
};

/** The failure of a request the miner answered with an `error` frame. */
export function failureOfWireCode(code: WireErrorCode): MinerFailure {
  return FAILURE_BY_WIRE_CODE[code];
}

/**
 * Why the socket closed when we had not decided it ourselves: `stage` is how far the connection got,
 * `socketError` the last error `ws` reported on it.
 */
export function failureOfClose(
  stage: 'connecting' | 'handshaking' | 'open',
  code: number,
  reason: string,
  socketError: (Error & { code?: string }) | undefined,
): Failure {
  const name = closeReasonOf(code);
  const detail: FailureDetail = { closeCode: code, ...(name ? { closeReason: name } : {}) };
  if (stage === 'connecting') {
    return {
      code: 'UNREACHABLE',
      message: `cannot connect: ${socketError?.message ?? `closed (${code})`}`,
      detail,
    };
  }
  if (socketError?.code?.startsWith('WS_ERR_')) {
    // `ws` refused what the miner sent (oversized or invalid WebSocket frame) and closed.
    return {
      code: 'MALFORMED',
      message: `miner broke the WebSocket protocol (${socketError.code}): ${socketError.message}`,
      detail,
    };
  }
  if (name) {
    return {
      code: FAILURE_BY_CLOSE_REASON[name],
      message: `miner closed the connection: ${name}${reason ? ` (${reason})` : ''}`,
      detail,
    };
  }
  if (stage === 'handshaking') {
    return { code: 'HANDSHAKE', message: `miner closed during the handshake (${code})`, detail };
  }
  return {
    code: 'CLOSED',
    message: `miner closed the connection (${code}${reason ? ` ${reason}` : ''})`,
    detail,
  };
}
