/**
 * The connection handshake, as pure functions so miner and validator (and tests) share them.
 *
 *   miner → validator  challenge { version, minerHotkey, nonce(32) }
 *   validator → miner  auth { version, minerHotkey, validatorHotkey, timestamp, signature }
 *
 * The signature is sr25519 over a domain-separated message binding version, both hotkeys, the nonce and
 * the timestamp, so an auth cannot be replayed to another miner, on another connection, or much later.
 * Chain checks (registered, validator permit, stake) come after and are the miner's business.
 */
import { randomBytes } from 'node:crypto';
import type { Sr25519Signer } from '../wallet/keypair.js';
import { toPublicKey, toSs58, verifySr25519 } from '../wallet/keypair.js';
import {
  CLOSE_CODES,
  type CloseReason,
  DEFAULT_LIMITS,
  PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
} from './constants.js';
import type { AuthFrame, ChallengeFrame } from './messages.js';

/** Prefix of every signed handshake message (never a valid extrinsic or response prefix). */
export const HANDSHAKE_CONTEXT = 'expertnet/handshake/v1';
const CONTEXT_BYTES = new TextEncoder().encode(HANDSHAKE_CONTEXT);
export const NONCE_BYTES = 32;

export type HandshakeFailure =
  | 'BAD_VERSION'
  | 'WRONG_MINER_HOTKEY'
  | 'BAD_HOTKEY'
  | 'STALE_TIMESTAMP'
  | 'BAD_SIGNATURE'
  | 'REPLAYED_NONCE';

export type HandshakeResult =
  | { ok: true; validatorHotkey: string; validatorPublicKey: Uint8Array }
  | { ok: false; reason: HandshakeFailure; message: string };

export type ChallengeCheck = { ok: true } | { ok: false; reason: HandshakeFailure; message: string };

export interface HandshakeFields {
  version: number;
  minerHotkey: string | Uint8Array;
  validatorHotkey: string | Uint8Array;
  nonce: Uint8Array;
  /** Unix milliseconds. */
  timestamp: number;
}

/**
 * Bytes the validator signs: context ‖ version (u16 LE) ‖ miner public key (32) ‖ validator public
 * key (32) ‖ nonce (32) ‖ timestamp ms (u64 LE). Fixed layout, so both sides build the same bytes.
 */
export function buildHandshakeMessage(fields: HandshakeFields): Uint8Array {
  if (fields.nonce.length !== NONCE_BYTES) throw new RangeError(`nonce must be ${NONCE_BYTES} bytes`);
  if (!Number.isInteger(fields.version) || fields.version < 0 || fields.version > 0xffff) {
    throw new RangeError('version must fit in u16');
  }
  if (!Number.isSafeInteger(fields.timestamp) || fields.timestamp < 0) throw new RangeError('bad timestamp');
  const out = new Uint8Array(CONTEXT_BYTES.length + 2 + 32 + 32 + NONCE_BYTES + 8);
  const view = new DataView(out.buffer);
  let o = 0;
  out.set(CONTEXT_BYTES, o);
  o += CONTEXT_BYTES.length;
  view.setUint16(o, fields.version, true);
  o += 2;
  out.set(toPublicKey(fields.minerHotkey), o);
  o += 32;
  out.set(toPublicKey(fields.validatorHotkey), o);
  o += 32;
  out.set(fields.nonce, o);
  o += NONCE_BYTES;
  view.setBigUint64(o, BigInt(fields.timestamp), true);
  return out;
}

/** Miner: the first frame of a connection, with a fresh random nonce. */
export function createChallenge(minerHotkey: string, version = PROTOCOL_VERSION): ChallengeFrame {
  return { type: 'challenge', version, minerHotkey, nonce: new Uint8Array(randomBytes(NONCE_BYTES)) };
}

/**
 * Validator: checks a challenge before answering it — the miner must speak a supported version and be
 * the hotkey the validator expects for this axon (from the metagraph). Never sign for another hotkey.
 */
export function checkChallenge(
  challenge: ChallengeFrame,
  expectedMinerHotkey: string,
  supportedVersions: readonly number[] = SUPPORTED_PROTOCOL_VERSIONS,
): ChallengeCheck {
  if (!supportedVersions.includes(challenge.version)) {
    return { ok: false, reason: 'BAD_VERSION', message: `miner speaks protocol v${challenge.version}` };
  }
  const expected = safePublicKey(expectedMinerHotkey);
  const actual = safePublicKey(challenge.minerHotkey);
  if (!expected || !actual)
    return { ok: false, reason: 'BAD_HOTKEY', message: 'miner hotkey is not valid SS58' };
  if (!equalBytes(expected, actual)) {
    return { ok: false, reason: 'WRONG_MINER_HOTKEY', message: `axon serves ${challenge.minerHotkey}` };
  }
  return { ok: true };
}

/** Validator: the auth frame answering `challenge`, signed with the validator hotkey. */
export function signHandshake(
  signer: Sr25519Signer,
  challenge: ChallengeFrame,
  now: number = Date.now(),
): AuthFrame {
  const validatorHotkey = toSs58(signer.publicKey);
  const timestamp = Math.floor(now);
  const message = buildHandshakeMessage({
    version: challenge.version,
    minerHotkey: challenge.minerHotkey,
    validatorHotkey,
    nonce: challenge.nonce,
    timestamp,
  });
  return {
    type: 'auth',
    version: challenge.version,
    minerHotkey: challenge.minerHotkey,
    validatorHotkey,
    timestamp,
    signature: signer.sign(message),
  };
}

export interface VerifyHandshakeParameters {
  /** The challenge this miner sent on this connection. */
  challenge: ChallengeFrame;
  auth: AuthFrame;
  now?: number;
  maxClockSkewMs?: number;
  supportedVersions?: readonly number[];
  /** Remembers accepted nonces; an auth for a nonce seen before is refused. */
  nonceCache?: NonceCache;
}

/**
 * Miner: accepts or refuses an auth frame. Checks, in order: version, miner hotkey, validator hotkey,
 * timestamp window, signature (wasm sr25519), then nonce replay — the nonce is remembered only once the
 * signature is good, so forged frames cannot fill the cache.
 */
export function verifyHandshake(params: VerifyHandshakeParameters): HandshakeResult {
  const { challenge, auth } = params;
  const now = params.now ?? Date.now();
  const maxSkew = params.maxClockSkewMs ?? DEFAULT_LIMITS.maxClockSkewMs;
  const versions = params.supportedVersions ?? SUPPORTED_PROTOCOL_VERSIONS;
  if (auth.version !== challenge.version || !versions.includes(auth.version)) {
    return { ok: false, reason: 'BAD_VERSION', message: `auth for protocol v${auth.version}` };
  }
  const minerKey = safePublicKey(challenge.minerHotkey);
  const claimedMiner = safePublicKey(auth.minerHotkey);
  if (!minerKey || !claimedMiner || !equalBytes(minerKey, claimedMiner)) {
    return { ok: false, reason: 'WRONG_MINER_HOTKEY', message: `auth is for ${auth.minerHotkey}` };
  }
  const validatorKey = safePublicKey(auth.validatorHotkey);
  if (!validatorKey)
    return { ok: false, reason: 'BAD_HOTKEY', message: 'validator hotkey is not valid SS58' };
  if (Math.abs(now - auth.timestamp) > maxSkew) {
    return { ok: false, reason: 'STALE_TIMESTAMP', message: `timestamp off by ${now - auth.timestamp} ms` };
  }
  const message = buildHandshakeMessage({
    version: auth.version,
    minerHotkey: minerKey,
    validatorHotkey: validatorKey,
    nonce: challenge.nonce,
    timestamp: auth.timestamp,
  });
  if (!verifySr25519(message, auth.signature, validatorKey)) {
    return { ok: false, reason: 'BAD_SIGNATURE', message: 'signature does not verify' };
  }
  if (params.nonceCache && !params.nonceCache.remember(challenge.nonce, now)) {
    return { ok: false, reason: 'REPLAYED_NONCE', message: 'nonce already used' };
  }
  return { ok: true, validatorHotkey: toSs58(validatorKey), validatorPublicKey: validatorKey };
}

const CLOSE_REASON_FOR_FAILURE: Readonly<Record<HandshakeFailure, CloseReason>> = {
  BAD_VERSION: 'PROTOCOL_VERSION',
  WRONG_MINER_HOTKEY: 'WRONG_MINER_HOTKEY',
  BAD_HOTKEY: 'BAD_HOTKEY',
  STALE_TIMESTAMP: 'STALE_TIMESTAMP',
  BAD_SIGNATURE: 'BAD_SIGNATURE',
  REPLAYED_NONCE: 'REPLAYED_NONCE',
};

/** The WebSocket close code and reason name for a refused handshake. */
export function closeFor(failure: HandshakeFailure): { code: number; reason: CloseReason } {
  const reason = CLOSE_REASON_FOR_FAILURE[failure];
  return { code: CLOSE_CODES[reason], reason };
}

/**
 * Nonces seen within `ttlMs` (keep it ≥ 2 × the clock window), bounded to `maxEntries` (oldest
 * dropped first) so a flood cannot exhaust memory.
 */
export class NonceCache {
  readonly #seen = new Map<string, number>();
  readonly ttlMs: number;
  readonly maxEntries: number;

  constructor(options: { ttlMs?: number; maxEntries?: number } = {}) {
    this.ttlMs = options.ttlMs ?? 2 * DEFAULT_LIMITS.maxClockSkewMs;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  get size(): number {
    return this.#seen.size;
  }

  /** Records `nonce`; false if it was already recorded and has not expired. */
  remember(nonce: Uint8Array, now: number = Date.now()): boolean {
    this.#evict(now);
    const key = Buffer.from(nonce).toString('base64');
    const expiry = this.#seen.get(key);
    if (expiry !== undefined && expiry > now) return false;
    this.#seen.delete(key);
    this.#seen.set(key, now + this.ttlMs);
    while (this.#seen.size > this.maxEntries) this.#seen.delete(this.#seen.keys().next().value!);
    return true;
  }

  has(nonce: Uint8Array, now: number = Date.now()): boolean {
    const expiry = this.#seen.get(Buffer.from(nonce).toString('base64'));
    return expiry !== undefined && expiry > now;
  }

  #evict(now: number): void {
    // Insertion order equals expiry order (constant TTL), so expired entries sit at the front.
    for (const [key, expiry] of this.#seen) {
      if (expiry > now) break;
      this.#seen.delete(key);
    }
  }
}

function safePublicKey(value: string | Uint8Array): Uint8Array | undefined {
  try {
    return toPublicKey(value);
  } catch {
    return undefined;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
