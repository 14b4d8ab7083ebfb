/**
 * Drand beacon signatures in quicknet's scheme (`bls-unchained-g1-rfc9380`): the signature of round n
 * is sk·H(sha256(n as u64 big-endian)) on G1, H being RFC 9380 hash-to-G1 with drand's DST; the public
 * key is sk·g2 on G2. The same points are the IBE identity and its extracted key, so a pulse signature
 * is exactly what opens a ciphertext encrypted to its round. The dev chain's beacon signs with these.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { TimelockError } from './errors.js';

/** Quicknet's hash-to-G1 domain separation tag (tle's `QUICKNET_CTX`, drand's scheme). */
export const QUICKNET_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
export type G1Point = InstanceType<typeof G1>;
export type G2Point = InstanceType<typeof G2>;

const U64_MAX = (1n << 64n) - 1n;

/** sha256 of the round as u64 big-endian: the message drand signs (unchained). */
export function roundMessage(round: bigint): Uint8Array {
  if (round < 0n || round > U64_MAX) {
    throw new TimelockError({ code: 'BAD_ROUND', round: round.toString() }, `round ${round} is not a u64`);
  }
  const be = new Uint8Array(8);
  new DataView(be.buffer).setBigUint64(0, round);
  return sha256(be);
}

/** The round's identity point on G1 (what the beacon signs, and the IBE identity). */
export function roundPoint(round: bigint): G1Point {
  return bls12_381.shortSignatures.hash(roundMessage(round), QUICKNET_DST) as G1Point;
}

function secretScalar(secretKey: Uint8Array): bigint {
  const Fr = bls12_381.fields.Fr;
  if (secretKey.length !== 32) {
    throw new TimelockError(
      { code: 'BAD_SECRET_KEY', length: secretKey.length },
      'beacon secret key must be 32 bytes',
    );
  }
  const k = BigInt(`0x${Buffer.from(secretKey).toString('hex')}`);
  if (k === 0n || k >= Fr.ORDER) {
    throw new TimelockError(
      { code: 'BAD_SECRET_KEY', length: 32 },
      'beacon secret key is not a scalar in 1 ..< r',
    );
  }
  return k;
}

/** The beacon's signature of `round`: 48 bytes, compressed G1. */
export function signRound(secretKey: Uint8Array, round: bigint): Uint8Array {
  return roundPoint(round).multiply(secretScalar(secretKey)).toBytes(true);
}

/** The beacon's public key: 96 bytes, compressed G2. */
export function beaconPublicKey(secretKey: Uint8Array): Uint8Array {
  return G2.BASE.multiply(secretScalar(secretKey)).toBytes(true);
}

/** Decodes a compressed G1 point (subgroup-checked), or throws `BAD_POINT`. */
export function decodeG1(bytes: Uint8Array, field: string): G1Point {
  if (bytes.length !== 48)
    throw new TimelockError({ code: 'BAD_LENGTH', field, length: bytes.length, expected: 48 });
  try {
    const p = G1.fromBytes(bytes);
    p.assertValidity();
    return p;
  } catch (err) {
    throw new TimelockError({ code: 'BAD_POINT', field }, `${field} is not a G1 point`, { cause: err });
  }
}

/** Decodes a compressed G2 point (subgroup-checked), or throws `BAD_POINT`. */
export function decodeG2(bytes: Uint8Array, field: string): G2Point {
  if (bytes.length !== 96)
    throw new TimelockError({ code: 'BAD_LENGTH', field, length: bytes.length, expected: 96 });
  try {
    const p = G2.fromBytes(bytes);
    p.assertValidity();
    return p;
  } catch (err) {
    throw new TimelockError({ code: 'BAD_POINT', field }, `${field} is not a G2 point`, { cause: err });
  }
}

/**
 * Does `signature` (48 bytes, G1) sign `round` under `publicKey` (96 bytes, G2)? False for any
 * malformed input, never a throw: a chain checks untrusted pulses with it.
 */
export function verifyBeaconSignature(publicKey: Uint8Array, round: bigint, signature: Uint8Array): boolean {
  try {
    const pk = decodeG2(publicKey, 'publicKey');
    const sig = decodeG1(signature, 'signature');
    if (pk.is0() || sig.is0()) return false;
    return bls12_381.shortSignatures.verify(sig, roundPoint(round), pk);
  } catch {
    return false;
  }
}

/** The pulse's randomness: sha256 of the signature bytes, as drand publishes it. */
export function randomnessOf(signature: Uint8Array): Uint8Array {
  return sha256(signature);
}
