/**
 * Boneh–Franklin FullIdent IBE with identities on G1 and the master key on G2, as tle's
 * `ibe::fullident` (rev 5416406) computes it for `TinyBLS381`:
 *
 *   encrypt(k: 32 bytes):  σ random 32 bytes, r = H3(σ ‖ k), U = r·g2,
 *                          V = σ ⊕ H2(e(Q_id, r·P_pub)), W = k ⊕ sha256(σ)
 *   decrypt with d = s·Q_id (the round's drand signature):
 *                          σ = V ⊕ H2(e(d, U)), k = W ⊕ sha256(σ), reject unless U == H3(σ ‖ k)·g2
 *
 * H2(g) = sha256(arkworks compressed bytes of g ∈ Fq12) and H3(x) = sha256(x) read big-endian mod r.
 * The pairing and the curves are @noble/curves'; nothing here is hand-written curve arithmetic.
 */
import { randomBytes } from 'node:crypto';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { G1Point, G2Point } from './beacon.js';
import { TimelockError } from './errors.js';

const Fr = bls12_381.fields.Fr;
const G2 = bls12_381.G2.Point;
type Fp12 = ReturnType<typeof bls12_381.pairing>;

const FP_BYTES = 48;

/**
 * arkworks' `CanonicalSerialize` of an Fq12 element: the tower flattened c0 before c1 at every level
 * (Fq12 = c0,c1 of Fq6; Fq6 = c0,c1,c2 of Fq2; Fq2 = c0,c1 of Fq), each Fq as 48 bytes little-endian.
 */
export function gtBytes(g: Fp12): Uint8Array {
  const out = new Uint8Array(12 * FP_BYTES);
  let at = 0;
  for (const fp6 of [g.c0, g.c1]) {
    for (const fp2 of [fp6.c0, fp6.c1, fp6.c2]) {
      for (let x of [fp2.c0, fp2.c1]) {
        for (let i = 0; i < FP_BYTES; i++) {
          out[at + i] = Number(x & 0xffn);
          x >>= 8n;
        }
        at += FP_BYTES;
      }
    }
  }
  return out;
}

function h2(g: Fp12): Uint8Array {
  return sha256(gtBytes(g));
}

/** H3: sha256(a ‖ b) as a big-endian integer mod r (arkworks `from_be_bytes_mod_order`). */
function h3(a: Uint8Array, b: Uint8Array): bigint {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return Fr.create(BigInt(`0x${Buffer.from(sha256(joined)).toString('hex')}`));
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

export interface IbeHeader {
  u: G2Point;
  v: Uint8Array;
  w: Uint8Array;
}

/** Encrypts the 32-byte key `k` to the identity `qId` under the master public key `pPub`. */
export function ibeEncrypt(k: Uint8Array, qId: G1Point, pPub: G2Point): IbeHeader {
  for (;;) {
    const sigma = randomBytes(32);
    const r = h3(sigma, k);
    if (r === 0n) continue; // probability 2^-255; U would be the identity
    const u = G2.BASE.multiply(r);
    const gId = bls12_381.pairing(qId.multiply(r), pPub);
    return { u, v: xor(sigma, h2(gId)), w: xor(k, sha256(sigma)) };
  }
}

/** Opens the header with the identity's key `d` (a round signature); `WRONG_SIGNATURE` when it does not open. */
export function ibeDecrypt(header: IbeHeader, d: G1Point): Uint8Array {
  if (header.v.length !== 32) {
    throw new TimelockError({ code: 'BAD_LENGTH', field: 'header.v', length: header.v.length, expected: 32 });
  }
  if (header.w.length !== 32) {
    throw new TimelockError({ code: 'BAD_LENGTH', field: 'header.w', length: header.w.length, expected: 32 });
  }
  if (header.u.is0() || d.is0())
    throw new TimelockError({ code: 'WRONG_SIGNATURE' }, 'identity point in IBE header');
  const sigma = xor(header.v, h2(bls12_381.pairing(d, header.u)));
  const k = xor(header.w, sha256(sigma));
  const r = h3(sigma, k);
  if (r === 0n || !G2.BASE.multiply(r).equals(header.u)) {
    throw new TimelockError(
      { code: 'WRONG_SIGNATURE' },
      'the signature does not open this ciphertext (wrong round?)',
    );
  }
  return k;
}
