/**
 * Response signatures: every `response` carries the miner hotkey's sr25519 signature over
 *   context ‖ blake2_256(request bytes) ‖ blake2_256(payload bytes)
 * where both hashes are over the exact bytes that crossed the wire (the request frame as sent, the
 * payload as carried inside the response). Nothing is re-encoded before hashing, so float32 rounding or
 * encoder differences can never break a signature; a validator that keeps the bytes can later prove
 * what a miner answered to what.
 */
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { Sr25519Signer } from '../wallet/keypair.js';
import { toPublicKey, toSs58, verifySr25519 } from '../wallet/keypair.js';
import type { ResponseFrame } from './messages.js';

export const RESPONSE_CONTEXT = 'expertnet/response/v1';
const CONTEXT_BYTES = new TextEncoder().encode(RESPONSE_CONTEXT);

/** blake2b-256 of the given bytes (wasm when available). */
export function hashBytes(bytes: Uint8Array): Uint8Array {
  return blake2AsU8a(bytes, 256);
}

/** The 86 bytes a miner signs for one answer. */
export function responseSigningMessage(requestBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(CONTEXT_BYTES.length + 64);
  out.set(CONTEXT_BYTES, 0);
  out.set(hashBytes(requestBytes), CONTEXT_BYTES.length);
  out.set(hashBytes(payload), CONTEXT_BYTES.length + 32);
  return out;
}

export function signResponse(
  signer: Sr25519Signer,
  requestBytes: Uint8Array,
  payload: Uint8Array,
): Uint8Array {
  return signer.sign(responseSigningMessage(requestBytes, payload));
}

/** Miner: the `response` frame for a request, its payload signed. */
export function buildResponseFrame(
  signer: Sr25519Signer,
  id: number,
  requestBytes: Uint8Array,
  payload: Uint8Array,
): ResponseFrame {
  return { type: 'response', id, payload, signature: signResponse(signer, requestBytes, payload) };
}

/** Validator: true when `signature` is the miner's over this request/payload pair (wasm sr25519). */
export function verifyResponse(
  minerHotkey: string | Uint8Array,
  requestBytes: Uint8Array,
  payload: Uint8Array,
  signature: Uint8Array,
): boolean {
  let key: Uint8Array;
  try {
    key = toPublicKey(minerHotkey);
  } catch {
    return false;
  }
  return verifySr25519(responseSigningMessage(requestBytes, payload), signature, key);
}

/** What a validator keeps to prove later what a miner answered (all bytes exactly as on the wire). */
export interface SignedAnswer {
  minerHotkey: string;
  request: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
}

export function signedAnswer(
  minerHotkey: string | Uint8Array,
  request: Uint8Array,
  response: ResponseFrame,
): SignedAnswer {
  const hotkey = typeof minerHotkey === 'string' ? minerHotkey : toSs58(minerHotkey);
  return { minerHotkey: hotkey, request, payload: response.payload, signature: response.signature };
}

export function verifySignedAnswer(answer: SignedAnswer): boolean {
  return verifyResponse(answer.minerHotkey, answer.request, answer.payload, answer.signature);
}
