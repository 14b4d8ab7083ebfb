/**
 * Executive (frame_executive + frame_system's block bookkeeping + the signed extensions): transaction
 * validation for the pool, block initialisation, inherents, extrinsic application with transactional
 * dispatch, block finalisation.
 */
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto/address/encode';
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import * as $ from 'scale-ts';
import {
  BASE_BLOCK_WEIGHT,
  BASE_EXTRINSIC_WEIGHT,
  BLOCK_HASH_COUNT,
  MAX_BLOCK_LENGTH,
  MAX_BLOCK_REF_TIME,
  MAX_NORMAL_BLOCK_LENGTH,
  NORMAL_MAX_EXTRINSIC,
  NORMAL_MAX_TOTAL,
  OPERATIONAL_MAX_EXTRINSIC,
  SS58_PREFIX,
} from './config.js';
import type { ConstructedRuntime } from './construct.js';
import { RuntimeError } from './errors.js';
import {
  type DecodedExtrinsic,
  decodeExtrinsic,
  encodeUnsigned,
  eraBirth,
  eraDeath,
  eraPeriodPhase,
  signingPayload,
  verifySignature,
} from './extrinsic.js';
import type {
  ApplyResult,
  BlockBuilder,
  BlockContext,
  Hex,
  InvalidReason,
  SignatureCheck,
  StateChanges,
  StateView,
  TransactionValidity,
} from './interface.js';
import { TransactionDecodeError } from './interface.js';
import {
  type CallRejection,
  type DispatchContext,
  type DispatchErrorValue,
  DispatchFailure,
  type Origin,
  type PostDispatch,
} from './pallet.js';
import {
  Account,
  AllExtrinsicsLen,
  BlockHash,
  BlockWeight,
  EVENTS_KEY,
  EventCount,
  ExtrinsicCount,
  Number_,
  ParentHash,
} from './pallets/system.js';
import { DidUpdate, Now } from './pallets/timestamp.js';
import { computeFee, priorityOf, settleFee, withdrawFee } from './pallets/transaction-payment.js';
import { type DispatchClassName, Phase } from './scale/substrate.js';
import type { EnumValue } from './scale/ty.js';
import { Overlay } from './storage.js';

/** Versions that go into the signed payload. */
export interface ExecutiveVersions {
  specVersion: number;
  transactionVersion: number;
}

type Invalid = Extract<TransactionValidity, { ok: false }>;

const invalid = (reason: InvalidReason, message: string): Extract<Invalid, { invalid: InvalidReason }> => ({
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
interface Checked {
  xt: DecodedExtrinsic;
  who: Uint8Array;
  weight: bigint;
  class: DispatchClassName;
  paysFee: boolean;
  fee: bigint;
  tip: bigint;
  validity: Extract<TransactionValidity, { ok: true }>;
}

/** Event records of a block, pre-encoded; truncated when a dispatch rolls back. */
class EventSink {
  readonly records: Uint8Array[] = [];
  phase: Uint8Array = Phase.codec.enc({ tag: 'Initialization', value: undefined });
  constructor(private readonly encodeEvent: (e: EnumValue) => Uint8Array) {}
  push(event: EnumValue): void {
    this.records.push(u8aConcat(this.phase, this.encodeEvent(event), EMPTY_TOPICS));
  }
  setExtrinsic(index: number): void {
    this.phase = Phase.codec.enc({ tag: 'ApplyExtrinsic', value: index });
  }
  encoded(): Uint8Array {
    return u8aConcat($.compact.enc(this.records.length), ...this.records);
  }
}
const EMPTY_TOPICS = new Uint8Array([0]);
const MAX_DISPATCH_DEPTH = 64;
/** Decoded extrinsics kept by content (more than the node keeps in flight between arrival and a block). */
const DECODED_CACHE = 4096;

export class Executive {
  private readonly verified = new VerifiedSignatures(1 << 16);
  private readonly decoded = new Map<string, DecodedExtrinsic>();

  constructor(
    private readonly rt: ConstructedRuntime,
    private readonly versions: ExecutiveVersions,
    private readonly minimumPeriodMs: bigint,
  ) {}

  /**
   * Decodes an extrinsic, remembering the latest ones by content: a transaction is decoded for the
   * node's signature check, pool validation and block application alike. Decoded values are shared,
   * so nothing may mutate them (dispatch reads call arguments, it never writes them).
   */
  decode(bytes: Uint8Array): DecodedExtrinsic {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
    const hit = this.decoded.get(key);
    if (hit !== undefined) return hit;
    const xt = decodeExtrinsic(bytes, this.rt.call);
    if (this.decoded.size >= DECODED_CACHE) this.decoded.delete(this.decoded.keys().next().value!);
    this.decoded.set(key, xt);
    return xt;
  }

  /** frame_system::initialize: what validation and block building both do first. */
  private initialize(state: Overlay, ctx: BlockContext): void {
    Number_.put(state, ctx.number);
    ParentHash.put(state, ctx.parentHash);
    if (ctx.number > 0) BlockHash.put(state, ctx.parentHash, ctx.number - 1);
  }

  validateTransaction(base: StateView, bytes: Uint8Array, ctx: BlockContext): TransactionValidity {
    let xt: DecodedExtrinsic;
    try {
      xt = this.decode(bytes);
    } catch (err) {
      // Substrate's runtime cannot decode its API argument and panics; the pool reports it as 1002.
      throw new TransactionDecodeError((err as Error).message, { cause: err });
    }
    const state = new Overlay(base);
    this.initialize(state, ctx);
    const sink = new EventSink(this.rt.event.codec.enc);
    const result = this.check(state, xt, ctx.number, 'validate', sink);
    return 'xt' in result ? result.validity : result.validity;
  }

  /**
   * The signed extensions (CheckNonZeroSender .. CheckMetadataHash) in Substrate's order: additional
   * signed data and signature first, then nonce, weight and payment. In `apply` mode the nonce must be
   * exact, the block must have room, and the fee is withdrawn on `state` (with its events in `sink`).
   */
  private check(
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
      return {
        validity: {
          ok: false,
          unknown: 'NoUnsignedValidator',
          message: 'no unsigned validator for this call',
        },
      };
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
  signatureCheck(base: StateView, bytes: Uint8Array, ctx: BlockContext): SignatureCheck | undefined {
    let xt: DecodedExtrinsic;
    try {
      xt = this.decode(bytes);
    } catch {
      return undefined;
    }
    const s = xt.signed;
    if (!s || (s.signature.tag !== 'Sr25519' && s.signature.tag !== 'Ed25519')) return undefined;
    const state = new Overlay(base);
    this.initialize(state, ctx);
    const signed = this.signedPayload(state, xt, s, ctx.number);
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

  /** Dispatches `call` in its own storage layer; a failure rolls back its storage and events. */
  private dispatch(ctx: DispatchContext, sink: EventSink, origin: Origin, call: EnumValue) {
    if (ctx.state.depth > MAX_DISPATCH_DEPTH) {
      return {
        ok: false as const,
        error: { tag: 'Transactional', value: { tag: 'LimitReached', value: undefined } },
      };
    }
    const mark = sink.records.length;
    ctx.state.begin();
    try {
      const { def, args } = this.rt.callDef(call);
      const post = def.dispatch(ctx, origin, args) ?? {};
      ctx.state.commit();
      return { ok: true as const, post };
    } catch (err) {
      ctx.state.rollback();
      sink.records.length = mark;
      return { ok: false as const, error: toDispatchError(err) };
    }
  }

  private context(state: Overlay, blockNumber: number, sink: EventSink): DispatchContext {
    const ctx: DispatchContext = {
      state,
      blockNumber,
      deposit: (e) => sink.push(e),
      dispatch: (origin, call) => this.dispatch(ctx, sink, origin, call),
      infoOf: (call) => this.rt.infoOf(call),
    };
    return ctx;
  }

  newBlock(base: StateView, ctx: BlockContext): BlockBuilder {
    const state = new Overlay(base);
    const sink = new EventSink(this.rt.event.codec.enc);
    const dctx = this.context(state, ctx.number, sink);
    const extrinsics: Uint8Array[] = [];
    const used = new BlockUsage();
    let inherentsDone = false;
    let finalized = false;

    this.initialize(state, ctx);
    state.set(EVENTS_KEY, null);
    EventCount.kill(state);
    // on_initialize hooks (SubtensorModule's block step), in pallet order.
    for (const p of this.rt.pallets) p.onInitialize?.(dctx);

    const noteApplied = (
      bytes: Uint8Array,
      result: { ok: true; post: PostDispatch } | { ok: false; error: DispatchErrorValue },
      weight: bigint,
      cls: DispatchClassName,
      paysFee: boolean,
    ) => {
      const actual =
        result.ok && result.post.actualWeight !== undefined && result.post.actualWeight < weight
          ? result.post.actualWeight
          : weight;
      const dispatchInfo = {
        weight: { ref_time: actual + BASE_EXTRINSIC_WEIGHT, proof_size: 0n },
        class: { tag: cls, value: undefined },
        pays_fee: {
          tag: paysFee && !(result.ok && result.post.paysFee === false) ? 'Yes' : 'No',
          value: undefined,
        },
      };
      sink.push(
        result.ok
          ? { tag: 'System', value: { tag: 'ExtrinsicSuccess', value: { dispatch_info: dispatchInfo } } }
          : {
              tag: 'System',
              value: {
                tag: 'ExtrinsicFailed',
                value: { dispatch_error: result.error, dispatch_info: dispatchInfo },
              },
            },
      );
      used.add(cls, weight + BASE_EXTRINSIC_WEIGHT, bytes.length);
      extrinsics.push(bytes);
    };

    const builder: BlockBuilder = {
      applyInherents: () => {
        if (inherentsDone)
          throw new RuntimeError({ code: 'BAD_INPUT', what: 'block', reason: 'inherents already applied' });
        inherentsDone = true;
        // Timestamp.set: at least MinimumPeriod after the parent (Substrate asserts; the dev chain clamps).
        const prev = Now.get(state);
        let now = BigInt(ctx.timestampMs ?? Date.now());
        if (prev > 0n && now < prev + this.minimumPeriodMs) now = prev + this.minimumPeriodMs;
        const call: EnumValue = { tag: 'Timestamp', value: { tag: 'set', value: { now } } };
        const bytes = encodeUnsigned(this.rt.call.codec.enc(call));
        sink.setExtrinsic(extrinsics.length);
        const info = this.rt.infoOf(call);
        const r = this.dispatch(dctx, sink, { kind: 'none' }, call);
        noteApplied(bytes, r, info.weight, info.class, info.paysFee);
        return [bytes];
      },
      applyExtrinsic: (bytes: Uint8Array): ApplyResult => {
        if (finalized)
          throw new RuntimeError({ code: 'BAD_INPUT', what: 'block', reason: 'block already finalized' });
        // Inherents come first in every block.
        if (!inherentsDone) builder.applyInherents();
        let xt: DecodedExtrinsic;
        try {
          xt = this.decode(bytes);
        } catch (err) {
          return {
            included: false,
            validity: invalid('Call', `could not decode: ${(err as Error).message}`),
          };
        }
        sink.setExtrinsic(extrinsics.length);
        const mark = sink.records.length;
        state.begin();
        const checked = this.check(state, xt, ctx.number, 'apply', sink, used);
        if (!('xt' in checked)) {
          state.rollback();
          sink.records.length = mark;
          return { included: false, validity: checked.validity };
        }
        state.commit();
        const r = this.dispatch(dctx, sink, { kind: 'signed', who: checked.who }, xt.call);
        const owed = checked.paysFee && !(r.ok && r.post.paysFee === false) ? checked.fee : checked.tip;
        settleFee(dctx, checked.who, checked.fee, owed, checked.tip);
        noteApplied(bytes, r, checked.weight, checked.class, checked.paysFee);
        return { included: true, success: r.ok };
      },
      finalize: (): { extrinsics: Uint8Array[]; changes: StateChanges } => {
        if (finalized)
          throw new RuntimeError({ code: 'BAD_INPUT', what: 'block', reason: 'block already finalized' });
        if (!inherentsDone) builder.applyInherents();
        finalized = true;
        DidUpdate.kill(state);
        ExtrinsicCount.kill(state);
        AllExtrinsicsLen.kill(state);
        BlockWeight.put(state, used.toStorage());
        const toRemove = ctx.number - BLOCK_HASH_COUNT - 1;
        if (toRemove > 0) BlockHash.remove(state, toRemove);
        state.set(EVENTS_KEY, sink.encoded());
        EventCount.put(state, sink.records.length);
        return { extrinsics, changes: state.changes() };
      },
    };
    return builder;
  }
}

/** Block weight and length used so far, per dispatch class. */
class BlockUsage {
  private normal = 0n;
  private operational = 0n;
  private mandatory = BASE_BLOCK_WEIGHT;
  private length = 0;

  fits(cls: DispatchClassName, weight: bigint, len: number): boolean {
    if (cls === 'Mandatory') return true;
    const maxLen = cls === 'Normal' ? MAX_NORMAL_BLOCK_LENGTH : MAX_BLOCK_LENGTH;
    if (this.length + len > maxLen) return false;
    if (cls === 'Normal') return this.normal + weight <= NORMAL_MAX_TOTAL;
    return this.normal + this.operational + this.mandatory + weight <= MAX_BLOCK_REF_TIME;
  }

  add(cls: DispatchClassName, weight: bigint, len: number): void {
    if (cls === 'Normal') this.normal += weight;
    else if (cls === 'Operational') this.operational += weight;
    else this.mandatory += weight;
    this.length += len;
  }

  toStorage() {
    const w = (ref_time: bigint) => ({ ref_time, proof_size: 0n });
    return { normal: w(this.normal), operational: w(this.operational), mandatory: w(this.mandatory) };
  }
}

/** Any failure inside a dispatch becomes a `DispatchError` (bugs and bad input included: blocks go on). */
export function toDispatchError(err: unknown): DispatchErrorValue {
  if (err instanceof DispatchFailure) return err.error;
  if (err instanceof RuntimeError && err.code === 'BAD_INPUT')
    return { tag: 'CannotLookup', value: undefined };
  return { tag: 'Other', value: undefined };
}
