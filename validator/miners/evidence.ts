/**
 * Evidence of who answered what: the blake2-256 hashes of the request bytes as sent and of the payload
 * bytes as received, and the miner's sr25519 signature over them. Enough to re-check offline, with the
 * miner's hotkey alone, that this miner gave this answer to this request (`verifyEvidence`).
 */
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import { hashBytes, RESPONSE_CONTEXT } from '../../shared/protocol/index.js';
import { toPublicKey, verifySr25519 } from '../../shared/wallet/index.js';

/** Re-checkable offline with `verifyEvidence(minerHotkey, evidence)`; all `0x`-prefixed lowercase hex. */
export interface SignedEvidence {
  /** blake2-256 of the request frame bytes as sent. */
  requestHash: string;
  /** blake2-256 of the response payload bytes as received. */
  responseHash: string;
  /** The miner hotkey's sr25519 signature over `RESPONSE_CONTEXT ‖ requestHash ‖ responseHash`. */
  signature: string;
}

const RESPONSE_CONTEXT_BYTES = new TextEncoder().encode(RESPONSE_CONTEXT);

/**
 * The evidence of one answer when `signature` is the miner's (`minerPublicKey`) over the request bytes as
 * sent and the payload as received; undefined when it does not verify.
 */
export function answerEvidence(
  requestBytes: Uint8Array,
  payload: Uint8Array,
  signature: Uint8Array,
  minerPublicKey: Uint8Array,
): SignedEvidence | undefined {
  const requestHash = hashBytes(requestBytes);
  const responseHash = hashBytes(payload);
  if (!verifySr25519(signingMessage(requestHash, responseHash), signature, minerPublicKey)) return undefined;
  return {
    requestHash: u8aToHex(requestHash),
    responseHash: u8aToHex(responseHash),
    signature: u8aToHex(signature),
  };
}

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
