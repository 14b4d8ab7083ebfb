/**
 * Byte helpers for the node's hot paths (hex keys are Map keys, as on the wire).
 * Node's Buffer hex codec is several times faster than a generic one, which matters at 1,000 tx/s.
 */
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import type { Hex } from '../runtime/interface.js';

export function toHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

const HEX_RE = /^0x(?:[0-9a-fA-F]{2})*$/;

export function isHex(value: unknown): value is Hex {
  return typeof value === 'string' && HEX_RE.test(value);
}

/**
 * Decodes `0x`-prefixed even-length hex; the caller validates with `isHex` for untrusted input. Returns a
 * standalone array (small Buffers are views into a shared pool, which decoders reading `.buffer` mishandle).
 */
export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex.slice(2), 'hex'));
}

/** Canonical lowercase form of a storage key or hash. */
export function normalizeHex(hex: Hex): Hex {
  return hex.toLowerCase() as Hex;
}

export function blake2_256(data: Uint8Array): Uint8Array {
  return blake2AsU8a(data, 256);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function u32BE(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, false);
  return out;
}

export function readU32BE(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, false);
}

export function u64LE(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n, true);
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Why `bytes` is not an `OpaqueExtrinsic` (`Compact<u32>` length ++ that many bytes), in parity-scale-codec's
 * words, or undefined when it is one. The node checks only this envelope; the runtime decodes the rest.
 */
export function opaqueExtrinsicError(bytes: Uint8Array): string | undefined {
  const short = 'Not enough data to fill buffer';
  const range = 'out of range decoding Compact<u32>';
  const b0 = bytes[0];
  if (b0 === undefined) return short;
  /** Little-endian unsigned integer of `n` bytes from `offset` (at most 4: exact in a double). */
  const le = (offset: number, n: number) => {
    let v = 0;
    for (let i = offset + n - 1; i >= offset; i--) v = v * 256 + (bytes[i] ?? 0);
    return v;
  };
  let len: number;
  let head: number;
  switch (b0 & 3) {
    case 0:
      [len, head] = [b0 >> 2, 1];
      break;
    case 1:
      if (bytes.length < 2) return short;
      [len, head] = [le(0, 2) >>> 2, 2];
      if (len <= 0x3f) return range;
      break;
    case 2:
      if (bytes.length < 4) return short;
      [len, head] = [Math.floor(le(0, 4) / 4), 4];
      if (len <= 0x3fff) return range;
      break;
    default:
      if ((b0 >> 2) + 4 !== 4) return range;
      if (bytes.length < 5) return short;
      [len, head] = [le(1, 4), 5];
      if (len <= 0x3fff_ffff) return range;
  }
  return bytes.length - head < len ? short : undefined;
}
