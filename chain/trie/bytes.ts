/**
 * Byte and nibble helpers of the trie: keys are walked as base-16 digits (nibbles), high half first,
 * so nibble order equals byte order.
 */
import { hexToU8a, isHex } from '@polkadot/util';
import { TrieError } from './errors.js';

/** Bytes, or the same bytes as a `0x`-prefixed hex string. */
export type BytesLike = Uint8Array | `0x${string}`;

/**
 * Longest key `set` accepts (lookups take any length). The codec itself could carry 32 KiB keys (65,535 nibbles per partial key), but
 * trie walks recurse once per node on a path, so a bound keeps a hostile key from exhausting the stack.
 * Substrate storage keys are well under 200 bytes.
 */
export const MAX_KEY_BYTES = 2048;

/** Normalises a key or value, rejecting anything that is not bytes or 0x-hex. */
export function toBytes(input: BytesLike, what: string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (typeof input === 'string' && isHex(input)) return hexToU8a(input);
  throw new TrieError({ code: 'INVALID_INPUT', reason: `${what} must be a Uint8Array or 0x-hex string` });
}

/** A key to insert: bytes, and short enough for the codec and for the recursive insert. */
export function toKey(input: BytesLike): Uint8Array {
  const key = toBytes(input, 'key');
  if (key.length > MAX_KEY_BYTES) {
    throw new TrieError(
      { code: 'INVALID_INPUT', reason: `key of ${key.length} bytes exceeds ${MAX_KEY_BYTES}` },
      'key too long for the trie node codec',
    );
  }
  return key;
}

export function bytesToNibbles(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out[2 * i] = b >> 4;
    out[2 * i + 1] = b & 0x0f;
  }
  return out;
}

/** Packs an even-length nibble path back into bytes (full keys always have an even length). */
export function nibblesToBytes(nibbles: ArrayLike<number>, length = nibbles.length): Uint8Array {
  const out = new Uint8Array(length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
  return out;
}

/** Number of leading nibbles `partial` shares with `path` starting at `offset`. */
export function commonPrefix(partial: Uint8Array, path: Uint8Array, offset: number): number {
  const max = Math.min(partial.length, path.length - offset);
  let i = 0;
  while (i < max && partial[i] === path[offset + i]) i++;
  return i;
}

export function concatNibbles(a: Uint8Array, nibble: number, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + 1 + b.length);
  out.set(a, 0);
  out[a.length] = nibble;
  out.set(b, a.length + 1);
  return out;
}
