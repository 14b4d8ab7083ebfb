/**
 * Extrinsic format v4 (`sp_runtime::generic::UncheckedExtrinsic`): compact length, version byte (0x84
 * signed / 0x04 unsigned), then for signed ones `MultiAddress`, `MultiSignature` and the signed
 * extensions' "extra" in metadata order (Era, Compact nonce, Compact tip, metadata-hash mode), then the
 * call. Signatures are checked with `@polkadot/wasm-crypto` (sr25519/ed25519/ecdsa).
 */
import { compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import { ed25519Verify, secp256k1Compress, secp256k1Recover, sr25519Verify } from '@polkadot/wasm-crypto';
import * as $ from 'scale-ts';
import { RuntimeError } from './errors.js';
import type { Hex } from './interface.js';
import { Era, MultiAddress, MultiSignature } from './scale/substrate.js';
import { decodeExact, decodePrefix, type EnumValue, type Ty } from './scale/ty.js';

export const EXTRINSIC_VERSION = 4;
const SIGNED_BIT = 0x80;

/** Signed extensions in Substrate's order, as metadata lists them. */
export const SIGNED_EXTENSIONS = [
  'CheckNonZeroSender',
  'CheckSpecVersion',
  'CheckTxVersion',
  'CheckGenesis',
  'CheckMortality',
  'CheckNonce',
  'CheckWeight',
  'ChargeTransactionPayment',
  'CheckMetadataHash',
] as const;

export interface SignedPart {
  signer: Uint8Array;
  signature: EnumValue;
  /** Era as its u16 encoding (0 = immortal). */
  era: number;
  nonce: number;
  tip: bigint;
  /** CheckMetadataHash mode: 0 disabled, 1 enabled. */
  metadataHashMode: number;
  /** The encoded extra (era ++ nonce ++ tip ++ mode), part of the signed payload. */
  extra: Uint8Array;
}

export interface DecodedExtrinsic {
  /** Encoded length including the length prefix (what fees are charged on). */
  len: number;
  /** blake2_256 of the encoded extrinsic (the transaction hash). */
  hash: Hex;
  signed?: SignedPart;
  call: EnumValue;
  callBytes: Uint8Array;
}

const compactNonce = $.compact;
const compactTip = $.compact;

/** Decodes a length-prefixed extrinsic; throws `RuntimeError` (DECODE) for anything malformed. */
export function decodeExtrinsic(bytes: Uint8Array, callTy: Ty<EnumValue>): DecodedExtrinsic {
  const [bodyLen, start] = decodePrefix($.compact, bytes, 0, 'extrinsic length');
  if (start + Number(bodyLen) !== bytes.length) {
    throw new RuntimeError({ code: 'DECODE', what: 'extrinsic', reason: 'length prefix does not match' });
  }
  const version = bytes[start];
  if (version === undefined || (version & 0x7f) !== EXTRINSIC_VERSION) {
    throw new RuntimeError({
      code: 'DECODE',
      what: 'extrinsic',
      reason: `unsupported extrinsic version ${version}`,
    });
  }
  let off = start + 1;
  let signed: SignedPart | undefined;
  if (version & SIGNED_BIT) {
    const [address, a] = decodePrefix(MultiAddress.codec, bytes, off, 'extrinsic address');
    const [signature, s] = decodePrefix(MultiSignature.codec, bytes, a, 'extrinsic signature');
    const [era, e] = decodePrefix(Era.codec, bytes, s, 'extrinsic era');
    const [nonce, n] = decodePrefix(compactNonce, bytes, e, 'extrinsic nonce');
    const [tip, t] = decodePrefix(compactTip, bytes, n, 'extrinsic tip');
    const mode = bytes[t];
    if (mode === undefined || mode > 1) {
      throw new RuntimeError({ code: 'DECODE', what: 'extrinsic', reason: 'bad CheckMetadataHash mode' });
    }
    if (address.tag !== 'Id') {
      throw new RuntimeError({
        code: 'DECODE',
        what: 'extrinsic',
        reason: `address ${address.tag} cannot be looked up`,
      });
    }
    if (Number(nonce) > 0xffff_ffff || BigInt(tip) >= 1n << 64n) {
      throw new RuntimeError({ code: 'DECODE', what: 'extrinsic', reason: 'nonce or tip out of range' });
    }
    signed = {
      signer: address.value as Uint8Array,
      signature,
      era,
      nonce: Number(nonce),
      tip: BigInt(tip),
      metadataHashMode: mode,
      extra: bytes.slice(s, t + 1),
    };
    off = t + 1;
  }
  const callBytes = bytes.slice(off);
  const call = decodeExact(callTy.codec, callBytes, 'call');
  return { len: bytes.length, hash: u8aToHex(blake2AsU8a(bytes, 256)) as Hex, signed, call, callBytes };
}

/** An unsigned (inherent) extrinsic for `callBytes`. */
export function encodeUnsigned(callBytes: Uint8Array): Uint8Array {
  const body = u8aConcat(new Uint8Array([EXTRINSIC_VERSION]), callBytes);
  return u8aConcat(compactToU8a(body.length), body);
}

/** The bytes a signer signs: `call ++ extra ++ additionalSigned`, hashed when over 256 bytes. */
export function signingPayload(callBytes: Uint8Array, extra: Uint8Array, additional: Uint8Array): Uint8Array {
  const payload = u8aConcat(callBytes, extra, additional);
  return payload.length > 256 ? blake2AsU8a(payload, 256) : payload;
}

/** Checks a `MultiSignature` over `message` for the 32-byte account `signer`. */
export function verifySignature(signature: EnumValue, message: Uint8Array, signer: Uint8Array): boolean {
  const sig = signature.value as Uint8Array;
  switch (signature.tag) {
    case 'Sr25519':
      return sr25519Verify(sig, message, signer);
    case 'Ed25519':
      return ed25519Verify(sig, message, signer);
    case 'Ecdsa': {
      // The account of an ecdsa key is blake2_256 of its compressed public key.
      try {
        const recovered = secp256k1Recover(blake2AsU8a(message, 256), sig.subarray(0, 64), sig[64]! % 27);
        const account = blake2AsU8a(secp256k1Compress(recovered), 256);
        return u8aToHex(account) === u8aToHex(signer);
      } catch {
        return false;
      }
    }
    default:
      return false;
  }
}

/** Era arithmetic (sp_runtime::generic::Era). */
export function eraPeriodPhase(enc: number): { period: number; phase: number } | undefined {
  if (enc === 0) return undefined;
  const period = 2 << (enc % 16);
  const quantize = Math.max(period >> 12, 1);
  const phase = (enc >> 4) * quantize;
  return { period, phase };
}

/** The block a mortal transaction was created at, seen from block `current`. */
export function eraBirth(enc: number, current: number): number {
  const pp = eraPeriodPhase(enc);
  if (!pp) return 0;
  const { period, phase } = pp;
  return Math.floor((Math.max(current, phase) - phase) / period) * period + phase;
}

/** First block at which the transaction is no longer valid (`u64::MAX` for immortal). */
export function eraDeath(enc: number, current: number): bigint {
  const pp = eraPeriodPhase(enc);
  if (!pp) return 0xffff_ffff_ffff_ffffn;
  return BigInt(eraBirth(enc, current) + pp.period);
}
