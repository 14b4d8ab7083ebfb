/**
 * The byte layout of tle's `TLECiphertext<TinyBLS381>` as subtensor decodes it
 * (`TLECiphertext::deserialize_compressed`, tle rev 5416406, arkworks 0.4 `CanonicalSerialize`):
 *
 *   header.u        96 bytes   G2 point, compressed (zcash flags, x.c1 ‖ x.c0 big-endian)
 *   header.v        u64 LE length (32) ‖ 32 bytes      σ ⊕ H2(e(Q_id, P_pub)^r)
 *   header.w        u64 LE length (32) ‖ 32 bytes      k ⊕ sha256(σ)
 *   body            u64 LE length ‖ AESOutput:
 *                     ciphertext   u64 LE length ‖ AES-256-GCM ciphertext ‖ 16-byte tag
 *                     nonce        u64 LE length (12) ‖ 12 bytes
 *   cipher_suite    u64 LE length (8) ‖ "AES_GCM_"
 *
 * arkworks reads from a slice and ignores bytes after the last field, and tle never looks at
 * `cipher_suite`; the decoder here does the same, so it accepts exactly what the chain accepts.
 */
import { TimelockError } from './errors.js';

export const CIPHER_SUITE = new TextEncoder().encode('AES_GCM_');
export const AES_GCM_NONCE_LENGTH = 12;
export const AES_GCM_TAG_LENGTH = 16;

export interface TleCiphertext {
  u: Uint8Array;
  v: Uint8Array;
  w: Uint8Array;
  /** The AES-GCM ciphertext with its tag appended. */
  aesCiphertext: Uint8Array;
  nonce: Uint8Array;
  cipherSuite: Uint8Array;
}

function u64le(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** arkworks `Vec<u8>`: u64 little-endian length, then the bytes. */
function vec(bytes: Uint8Array): Uint8Array[] {
  return [u64le(bytes.length), bytes];
}

export function serializeTleCiphertext(ct: TleCiphertext): Uint8Array {
  const body = concat([...vec(ct.aesCiphertext), ...vec(ct.nonce)]);
  return concat([ct.u, ...vec(ct.v), ...vec(ct.w), ...vec(body), ...vec(ct.cipherSuite)]);
}

class Reader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  take(n: number, field: string): Uint8Array {
    const have = this.bytes.length - this.at;
    if (n > have) throw new TimelockError({ code: 'TRUNCATED', field, offset: this.at, need: n, have });
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  vec(field: string): Uint8Array {
    const start = this.at;
    const len = new DataView(this.take(8, `${field}.length`).slice().buffer).getBigUint64(0, true);
    const have = this.bytes.length - this.at;
    if (len > BigInt(have)) {
      throw new TimelockError(
        { code: 'TRUNCATED', field, offset: start, need: Number(len > 2n ** 52n ? 2n ** 52n : len), have },
        `${field} claims ${len} bytes, ${have} left`,
      );
    }
    return this.take(Number(len), field);
  }
}

/** Splits a serialized ciphertext into its fields; throws `TRUNCATED` when a field runs past the end. */
export function deserializeTleCiphertext(bytes: Uint8Array): TleCiphertext {
  const r = new Reader(bytes);
  const u = r.take(96, 'header.u');
  const v = r.vec('header.v');
  const w = r.vec('header.w');
  const body = r.vec('body');
  const cipherSuite = r.vec('cipher_suite');
  const b = new Reader(body);
  const aesCiphertext = b.vec('body.ciphertext');
  const nonce = b.vec('body.nonce');
  return { u, v, w, aesCiphertext, nonce, cipherSuite };
}
