/**
 * The signed extensions (frame_system's CheckNonZeroSender .. CheckWeight, ChargeTransactionPayment,
 * CheckMetadataHash) and the calls' own `validate` hooks: what decides whether a decoded extrinsic is a
 * valid transaction, shared by pool validation and block application. Verified signatures are cached.
 */
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto/address/encode';
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import * as $ from 'scale-ts';
import type { BlockUsage, EventSink } from './block-accounting.js';
import {
  BASE_EXTRINSIC_WEIGHT,
  MAX_BLOCK_LENGTH,
  MAX_NORMAL_BLOCK_LENGTH,
  NORMAL_MAX_EXTRINSIC,
  OPERATIONAL_MAX_EXTRINSIC,
  SS58_PREFIX,
} from './config.js';
import type { ConstructedRuntime } from './construct.js';
import {
  type DecodedExtrinsic,
  eraBirth,
  eraDeath,
  eraPeriodPhase,
  signingPayload,
  verifySignature,
} from './extrinsic.js';
import type { Hex, InvalidReason, SignatureCheck, StateView, TransactionValidity } from './interface.js';
import { type CallRejection, DispatchFailure, type UnsignedValidity } from './pallet.js';
import { Account, BlockHash } from './pallets/system.js';
import { computeFee, priorityOf, withdrawFee } from './pallets/transaction-payment.js';
import type { DispatchClassName } from './scale/substrate.js';
import type { EnumValue } from './scale/ty.js';
import type { Overlay } from './storage.js';

/** Versions that go into the signed payload. */
export interface ExecutiveVersions {
  specVersion: number;
  transactionVersion: number;
}

export type Invalid = Extract<TransactionValidity, { ok: false }>;

/** An `InvalidTransaction` validity with its reason and a message for logs. */
export const invalid = (
  reason: InvalidReason,
  message: string,
): Extract<Invalid, { invalid: InvalidReason }> => ({
  ok: false,
  invalid: reason,
  message,
});

/** Bounded set of signatures already verified (tx hash + payload digest), so blocks do not re-verify. */
class VerifiedSignatures {
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}
  has(key: string): boolean {
    return this.seen.has(key);
  }
  add(key: string): void {
    if (this.seen.size >= this.max) {
      // Drop the oldest quarter (Set keeps insertion order).
      let n = this.max >> 2;
      for (const k of this.seen) {
        this.seen.delete(k);
        if (--n <= 0) break;
      }
    }
    this.seen.add(key);
  }
}

/** A transaction that passed the checks, with what dispatch needs. */
export interface Checked {
  xt: DecodedExtrinsic;
  /** The signer; undefined for an unsigned transaction a call's `validateUnsigned` accepted. */
  who: Uint8Array | undefined;
  weight: bigint;
  class: DispatchClassName;
  paysFee: boolean;
  fee: bigint;
  tip: bigint;
  validity: Extract<TransactionValidity, { ok: true }>;
}

export class SignedExtensions {
  private readonly verified = new VerifiedSignatures(1 << 16);

  constructor(
    private readonly rt: ConstructedRuntime,
    private readonly versions: ExecutiveVersions,
  ) {}

  /**
   * The signed extensions (CheckNonZeroSender .. CheckMetadataHash) in Substrate's order: additional
   * signed data and signature first, then nonce, weight and payment. In `apply` mode the nonce must be
   * exact, the block must have room, and the fee is withdrawn on `state` (with its events in `sink`).
   */
  check(
    state: Overlay,
    xt: DecodedExtrinsic,
    current: number,
    mode: 'validate' | 'apply',
    sink: EventSink,
    used?: BlockUsage,
  ): Checked | { validity: Invalid } {
    const fail = (reason: InvalidReason, message: string) => ({ validity: invalid(reason, message) });
    const s = xt.signed;
    let info: { weight: bigint; class: DispatchClassName; paysFee: boolean };
    try {
      info = this.rt.infoOf(xt.call);
    } catch (err) {
      return fail('Call', (err as Error).message);
    }
    if (!s) {
      if (info.class === 'Mandatory')
        return fail(
          mode === 'validate' ? 'MandatoryValidation' : 'BadMandatory',
          'inherents are not transactions',
        );
      return this.checkUnsigned(state, xt, info, current, used);
    }
    if (s.signer.every((b) => b === 0)) return fail('BadSigner', 'zero sender');
    if (info.class === 'Mandatory') return fail('BadMandatory', 'mandatory calls cannot be signed');
    const signed = this.signedPayload(state, xt, s, current);
    if ('invalid' in signed) return fail(signed.invalid, signed.message);
    if (!this.verified.has(signed.cacheKey)) {
      if (!verifySignature(s.signature, signed.payload, s.signer))
        return fail('BadProof', 'invalid signature');
      this.verified.add(signed.cacheKey);
    }
    // CheckNonce.
    const account = Account.get(state, s.signer);
    if (s.nonce < account.nonce) return fail('Stale', `nonce ${s.nonce} < account nonce ${account.nonce}`);
    if (mode === 'apply' && s.nonce > account.nonce)
      return fail('Future', `nonce ${s.nonce} > account nonce ${account.nonce}`);
    // CheckWeight.
    const total = info.weight + BASE_EXTRINSIC_WEIGHT;
    const maxExtrinsic = info.class === 'Normal' ? NORMAL_MAX_EXTRINSIC : OPERATIONAL_MAX_EXTRINSIC;
    const maxLen = info.class === 'Normal' ? MAX_NORMAL_BLOCK_LENGTH : MAX_BLOCK_LENGTH;
    if (total > maxExtrinsic || xt.len > maxLen)
      return fail('ExhaustsResources', 'transaction exceeds block limits');
    if (used && !used.fits(info.class, total, xt.len)) return fail('ExhaustsResources', 'block is full');
    if (mode === 'apply') {
      // CheckNonce::pre_dispatch bumps the nonce before the fee is taken (a fee that reaps resets it).
      Account.put(state, { ...account, nonce: account.nonce + 1 }, s.signer);
    }
    // ChargeTransactionPayment.
    const fee = computeFee(xt.len, info.weight, info.paysFee).inclusionFee + s.tip;
    const ctx = { state, deposit: (e: EnumValue) => sink.push(e) };
    try {
      withdrawFee(ctx, s.signer, fee);
    } catch (err) {
      if (err instanceof DispatchFailure) return fail('Payment', `cannot pay fee ${fee}`);
      throw err;
    }
    // The call's own pool check (subtensor's SubtensorTransactionExtension comes after payment).
    const rejection = this.validateCall(state, current, s.signer, xt.call);
    if (rejection) return fail({ custom: rejection.custom }, rejection.message);
    const who = s.signer;
    const tag = (n: number) => u8aToHex(u8aConcat(who, $.u32.enc(n))) as Hex;
    return {
      xt,
      who,
      weight: info.weight,
      class: info.class,
      paysFee: info.paysFee,
      fee,
      tip: s.tip,
      validity: {
        ok: true,
        priority: priorityOf(s.tip, fee - s.tip, xt.len, info.weight, info.class),
        requires: s.nonce > account.nonce ? [tag(s.nonce - 1)] : [],
        provides: [tag(s.nonce)],
        longevity: eraDeath(s.era, current) - BigInt(current),
        propagate: true,
        hash: xt.hash,
        // ss58 encoding costs ~50 µs (base58): computed only when a log or metric reads it.
        get sender() {
          return encodeAddress(who, SS58_PREFIX);
        },
      },
    };
  }

  /** An unsigned transaction: the call's `validateUnsigned` hook, then CheckWeight (no nonce, no fee). */
  private checkUnsigned(
    state: StateView,
    xt: DecodedExtrinsic,
    info: { weight: bigint; class: DispatchClassName; paysFee: boolean },
    current: number,
    used?: BlockUsage,
  ): Checked | { validity: Invalid } {
    const { def, args } = this.rt.callDef(xt.call);
    if (!def.validateUnsigned) {
      const message = 'no unsigned validator for this call';
      return { validity: { ok: false, unknown: 'NoUnsignedValidator', message } };
    }
    let v: UnsignedValidity;
    try {
      v = def.validateUnsigned({ state, blockNumber: current }, args);
    } catch (err) {
      v = { ok: false, invalid: 'Call', message: `unsigned validation failed: ${(err as Error).message}` };
    }
    if (!v.ok) return { validity: invalid(v.invalid, v.message) };
    const total = info.weight + BASE_EXTRINSIC_WEIGHT;
    const maxExtrinsic = info.class === 'Normal' ? NORMAL_MAX_EXTRINSIC : OPERATIONAL_MAX_EXTRINSIC;
    const maxLen = info.class === 'Normal' ? MAX_NORMAL_BLOCK_LENGTH : MAX_BLOCK_LENGTH;
    if (total > maxExtrinsic || xt.len > maxLen || (used && !used.fits(info.class, total, xt.len)))
      return { validity: invalid('ExhaustsResources', 'transaction exceeds block limits') };
    return {
      xt,
      who: undefined,
      weight: info.weight,
      class: info.class,
      // As declared (what the event reports); nothing is charged without a signer.
      paysFee: info.paysFee,
      fee: 0n,
      tip: 0n,
      validity: {
        ok: true,
        priority: v.priority,
        requires: [],
        provides: v.provides.map((t) => u8aToHex(t) as Hex),
        longevity: v.longevity,
        propagate: v.propagate,
        hash: xt.hash,
      },
    };
  }

  /**
   * The signed payload (`call ++ extra ++ additional signed`: spec and tx version, genesis hash, birth block
   * hash, no metadata hash) and its verified-cache key (tx hash ++ blake2_128(payload)), or why the
   * transaction fails before its signature is checked.
   */
  private signedPayload(
    state: StateView,
    xt: DecodedExtrinsic,
    s: NonNullable<DecodedExtrinsic['signed']>,
    current: number,
  ): { payload: Uint8Array; cacheKey: string } | Extract<Invalid, { invalid: InvalidReason }> {
    const pp = eraPeriodPhase(s.era);
    if (pp && (pp.period < 4 || pp.phase >= pp.period)) return invalid('BadProof', 'malformed era');
    const birth = eraBirth(s.era, current);
    const genesis = BlockHash.tryGet(state, 0);
    const birthHash = birth === 0 ? genesis : BlockHash.tryGet(state, birth);
    if (!genesis || !birthHash || birth >= current)
      return invalid('AncientBirthBlock', `no hash for birth block ${birth}`);
    if (s.metadataHashMode !== 0)
      return invalid('BadProof', 'CheckMetadataHash mode Enabled is not supported');
    const additional = u8aConcat(
      $.u32.enc(this.versions.specVersion),
      $.u32.enc(this.versions.transactionVersion),
      genesis,
      birthHash,
      new Uint8Array([0]),
    );
    const payload = signingPayload(xt.callBytes, s.extra, additional);
    return { payload, cacheKey: xt.hash + u8aToHex(blake2AsU8a(payload, 128)).slice(2) };
  }

  /**
   * What `validateTransaction` would verify for a signed sr25519/ed25519 transaction, without verifying
   * it, so a caller can verify it elsewhere (the node's worker threads). Undefined when there is nothing
   * to hand out: undecodable, unsigned, ecdsa-signed, or failing a check that comes before the signature.
   */
  signatureCheck(state: StateView, xt: DecodedExtrinsic, current: number): SignatureCheck | undefined {
    const s = xt.signed;
    if (!s || (s.signature.tag !== 'Sr25519' && s.signature.tag !== 'Ed25519')) return undefined;
    const signed = this.signedPayload(state, xt, s, current);
    if ('invalid' in signed || this.verified.has(signed.cacheKey)) return undefined;
    return {
      key: signed.cacheKey,
      scheme: s.signature.tag === 'Sr25519' ? 'sr25519' : 'ed25519',
      signature: s.signature.value as Uint8Array,
      message: signed.payload,
      signer: s.signer,
    };
  }

  /** Records a check from `signatureCheck` whose signature the caller verified (validation then skips it). */
  markSignatureVerified(check: SignatureCheck): void {
    this.verified.add(check.key);
  }

  /** Runs the top-level call's `validate` hook, if it has one (a throwing hook is a bug: BadRequest). */
  private validateCall(
    state: StateView,
    blockNumber: number,
    who: Uint8Array,
    call: EnumValue,
  ): CallRejection | undefined {
    const { def, args } = this.rt.callDef(call);
    if (!def.validate) return undefined;
    try {
      return def.validate({ state, blockNumber }, { kind: 'signed', who }, args);
    } catch (err) {
      return { custom: 255, message: `call validation failed: ${(err as Error).message}` };
    }
  }
}
