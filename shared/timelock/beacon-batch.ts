/**
 * Batch verification of beacon pulses under one key: N signatures cost one two-pair multi-pairing
 * instead of N pairing checks. With random coefficients rᵢ (non-zero, 64 bits, from the CSPRNG),
 * e(Σ rᵢ·σᵢ, g₂) = e(Σ rᵢ·H(mᵢ), pk) holds for all-valid signatures, and a batch with any invalid one
 * passes with probability at most 2⁻⁶⁴ (the standard small-exponent test; each σᵢ is subgroup-checked
 * on decoding, so no small-order component can cancel).
 */
import { randomFillSync } from 'node:crypto';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { decodeG1, decodeG2, type G1Point, roundPoint } from './beacon.js';

export interface BeaconPulse {
  round: bigint;
  /** 48 bytes, compressed G1. */
  signature: Uint8Array;
}

const G1 = bls12_381.G1.Point;
const NEG_G2 = bls12_381.G2.Point.BASE.negate();

/**
 * Σ rᵢ·Pᵢ. For a block's few pulses, one variable-time multiplication each is ~4× faster than noble's
 * Pippenger (which wins for large batches); the coefficients are fresh per call, so timing reveals
 * nothing a later batch depends on.
 */
function weightedSum(points: G1Point[], r: bigint[]): G1Point {
  if (points.length > 32) return pippenger(G1, points, r);
  return points.reduce((acc, p, i) => acc.add(p.multiplyUnsafe(r[i] ?? 0n)), G1.ZERO);
}

/** Non-zero 64-bit coefficients from the CSPRNG. */
function coefficients(n: number): bigint[] {
  const words = new BigUint64Array(n);
  randomFillSync(words);
  for (let i = 0; i < n; i++) {
    while (words[i] === 0n) randomFillSync(words.subarray(i, i + 1));
  }
  return Array.from(words);
}

/**
 * Do all `pulses` sign their rounds under `publicKey` (96 bytes, G2)? One multi-pairing for the whole
 * batch. False for any malformed key, signature or round, for any invalid signature in the batch, and
 * for an empty batch (it proves nothing); never a throw. A failing batch does not say which pulse is
 * bad: check them one by one (`verifyBeaconSignature`) for that.
 */
export function verifyBeaconSignatures(publicKey: Uint8Array, pulses: readonly BeaconPulse[]): boolean {
  if (pulses.length === 0) return false;
  try {
    const pk = decodeG2(publicKey, 'publicKey');
    if (pk.is0()) return false;
    const sigs: G1Point[] = [];
    const messages: G1Point[] = [];
    for (const pulse of pulses) {
      const sig = decodeG1(pulse.signature, 'signature');
      if (sig.is0()) return false;
      sigs.push(sig);
      messages.push(roundPoint(pulse.round));
    }
    const r = coefficients(pulses.length);
    const sigSum = weightedSum(sigs, r);
    const msgSum = weightedSum(messages, r);
    // pairing() refuses the identity; a zero sum of non-zero points under random rᵢ is negligible.
    if (sigSum.is0() || msgSum.is0()) return false;
    const gt = bls12_381.pairingBatch([
      { g1: sigSum, g2: NEG_G2 },
      { g1: msgSum, g2: pk },
    ]);
    return bls12_381.fields.Fp12.eql(gt, bls12_381.fields.Fp12.ONE);
  } catch {
    return false;
  }
}
