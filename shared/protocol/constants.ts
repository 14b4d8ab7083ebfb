/**
 * Protocol constants shared by miner and validator: version, limits, WebSocket close codes, error codes.
 * Bump `PROTOCOL_VERSION` on any change to frames, payloads or signed messages.
 */
export const PROTOCOL_VERSION = 2;
/** Versions this build can speak (a miner refuses others with close code PROTOCOL_VERSION). */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [2];

/** Most bytes one `bundle_chunk` request may ask for (its answer fits well inside `maxFrameBytes`). */
export const BUNDLE_CHUNK_MAX = 1024 * 1024;
/** Largest canonical bundle manifest a `bundle_manifest` answer may carry. */
export const BUNDLE_MANIFEST_MAX = 64 * 1024;

export interface ProtocolLimits {
  /** Largest WebSocket message either side accepts (set it as `ws`'s `maxPayload` too). */
  maxFrameBytes: number;
  /** Texts per classify request. */
  maxBatch: number;
  /** Characters (UTF-16 code units, JS `length`) per text. */
  maxTextChars: number;
  /** Labels a task may have (bounds probability vectors). */
  maxLabels: number;
  /** Requests one validator may have in flight on its connection; more get OVERLOADED. */
  maxConcurrentPerValidator: number;
  /** Allowed |miner clock − validator timestamp| in the handshake. */
  maxClockSkewMs: number;
  /** Time a validator has to answer the challenge before the miner closes. */
  handshakeTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<ProtocolLimits> = Object.freeze({
  maxFrameBytes: 2 * 1024 * 1024,
  maxBatch: 128,
  maxTextChars: 4096,
  maxLabels: 256,
  maxConcurrentPerValidator: 4,
  maxClockSkewMs: 30_000,
  handshakeTimeoutMs: 10_000,
});

/** Codes of `error` frames (the connection stays open). */
export const WIRE_ERROR_CODES = [
  'BAD_REQUEST',
  'TOO_LARGE',
  'RATE_LIMITED',
  'OVERLOADED',
  'UNAUTHORIZED',
  'INTERNAL',
  'UNKNOWN_TYPE',
] as const;
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number];

/**
 * WebSocket close codes (private range 4000–4999), one per reason a miner drops a validator.
 * 40xx handshake, 401x who the validator is (chain checks), 402x traffic, 403x/409x miner side.
 */
export const CLOSE_CODES = {
  BAD_FRAME: 4000,
  PROTOCOL_VERSION: 4001,
  BAD_SIGNATURE: 4002,
  STALE_TIMESTAMP: 4003,
  REPLAYED_NONCE: 4004,
  WRONG_MINER_HOTKEY: 4005,
  BAD_HOTKEY: 4006,
  HANDSHAKE_TIMEOUT: 4007,
  UNREGISTERED_HOTKEY: 4010,
  NO_VALIDATOR_PERMIT: 4011,
  LOW_STAKE: 4012,
  BLACKLISTED: 4013,
  DUPLICATE_CONNECTION: 4014,
  TOO_LARGE: 4020,
  RATE_LIMITED: 4021,
  TOO_MANY_ERRORS: 4022,
  TOO_MANY_CONNECTIONS: 4023,
  SHUTTING_DOWN: 4030,
  INTERNAL: 4099,
} as const;
export type CloseReason = keyof typeof CLOSE_CODES;

/** Human text sent as the close reason (WebSocket limits it to 123 bytes). */
export const CLOSE_REASON_TEXT: Readonly<Record<CloseReason, string>> = {
  BAD_FRAME: 'malformed or unexpected frame during handshake',
  PROTOCOL_VERSION: 'unsupported protocol version',
  BAD_SIGNATURE: 'handshake signature does not verify',
  STALE_TIMESTAMP: 'handshake timestamp outside the allowed clock window',
  REPLAYED_NONCE: 'handshake nonce already used',
  WRONG_MINER_HOTKEY: 'handshake names another miner hotkey',
  BAD_HOTKEY: 'hotkey is not a valid SS58 address',
  HANDSHAKE_TIMEOUT: 'no handshake answer in time',
  UNREGISTERED_HOTKEY: 'validator hotkey is not registered on the subnet',
  NO_VALIDATOR_PERMIT: 'validator hotkey has no validator permit',
  LOW_STAKE: 'validator stake below the minimum',
  BLACKLISTED: 'validator hotkey is blacklisted',
  DUPLICATE_CONNECTION: 'another connection from this validator is open',
  TOO_LARGE: 'frame exceeds the size limit',
  RATE_LIMITED: 'request rate limit exceeded',
  TOO_MANY_ERRORS: 'too many malformed requests',
  TOO_MANY_CONNECTIONS: 'too many unauthenticated connections (from this address or in total)',
  SHUTTING_DOWN: 'miner is shutting down',
  INTERNAL: 'internal error',
};

const REASON_BY_CODE = new Map<number, CloseReason>(
  Object.entries(CLOSE_CODES).map(([reason, code]) => [code, reason as CloseReason]),
);

/** The reason name of a close code, for validator logs; undefined for codes outside this table. */
export function closeReasonOf(code: number): CloseReason | undefined {
  return REASON_BY_CODE.get(code);
}
