/**
 * Executive (frame_executive + frame_system's block bookkeeping): transaction validation for the pool,
 * block initialisation, inherents, extrinsic application with transactional dispatch, block finalisation.
 * The signed extensions are `signed-extensions.ts`; events and weight accounting `block-accounting.ts`.
 */

import { BlockUsage, EventSink } from './block-accounting.js';
import { BASE_EXTRINSIC_WEIGHT, BLOCK_HASH_COUNT } from './config.js';
import type { ConstructedRuntime } from './construct.js';
import { RuntimeError } from './errors.js';
import { type DecodedExtrinsic, decodeExtrinsic, encodeUnsigned } from './extrinsic.js';
import {
  type ApplyResult,
  type BlockBuilder,
  type BlockContext,
  type SignatureCheck,
  type StateChanges,
  type StateView,
  TransactionDecodeError,
  type TransactionValidity,
} from './interface.js';
import {
  type DispatchContext,
  type DispatchErrorValue,
  DispatchFailure,
  type Origin,
  type PostDispatch,
} from './pallet.js';
import {
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
import { settleFee } from './pallets/transaction-payment.js';
import type { DispatchClassName } from './scale/substrate.js';
import type { EnumValue } from './scale/ty.js';
import { type ExecutiveVersions, invalid, SignedExtensions } from './signed-extensions.js';
import { Overlay } from './storage.js';

export type { ExecutiveVersions } from './signed-extensions.js';

const MAX_DISPATCH_DEPTH = 64;
/** Decoded extrinsics kept by content (more than the node keeps in flight between arrival and a block). */
const DECODED_CACHE = 4096;

export class Executive {
  private readonly decoded = new Map<string, DecodedExtrinsic>();
  private readonly extensions: SignedExtensions;

  constructor(
    private readonly rt: ConstructedRuntime,
    versions: ExecutiveVersions,
    private readonly minimumPeriodMs: bigint,
  ) {
    this.extensions = new SignedExtensions(rt, versions);
  }

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
    const result = this.extensions.check(state, xt, ctx.number, 'validate', sink);
    return 'xt' in result ? result.validity : result.validity;
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
    const state = new Overlay(base);
    this.initialize(state, ctx);
    return this.extensions.signatureCheck(state, xt, ctx.number);
  }

  /** Records a check from `signatureCheck` whose signature the caller verified (validation then skips it). */
  markSignatureVerified(check: SignatureCheck): void {
    this.extensions.markSignatureVerified(check);
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
        const checked = this.extensions.check(state, xt, ctx.number, 'apply', sink, used);
        if (!('xt' in checked)) {
          state.rollback();
          sink.records.length = mark;
          return { included: false, validity: checked.validity };
        }
        state.commit();
        // An unsigned transaction (accepted by its call's `validateUnsigned`) dispatches as `none`, fee-free.
        const who = checked.who;
        const r = this.dispatch(dctx, sink, who ? { kind: 'signed', who } : { kind: 'none' }, xt.call);
        const owed = checked.paysFee && !(r.ok && r.post.paysFee === false) ? checked.fee : checked.tip;
        if (who) settleFee(dctx, who, checked.fee, owed, checked.tip);
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

/** Any failure inside a dispatch becomes a `DispatchError` (bugs and bad input included: blocks go on). */
export function toDispatchError(err: unknown): DispatchErrorValue {
  if (err instanceof DispatchFailure) return err.error;
  if (err instanceof RuntimeError && err.code === 'BAD_INPUT')
    return { tag: 'CannotLookup', value: undefined };
  return { tag: 'Other', value: undefined };
}
