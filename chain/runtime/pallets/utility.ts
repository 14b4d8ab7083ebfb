/**
 * pallet_utility (index 11): `batch` (stops at the first failure, keeps earlier items), `batch_all`
 * (atomic), `force_batch` (continues past failures), `with_weight` (root). Each item is dispatched
 * transactionally with the caller's origin.
 */
import { BATCHED_CALLS_LIMIT } from '../config.js';
import { DispatchFailure, ensureRoot, moduleError, type PalletDef, palletEvent } from '../pallet.js';
import {
  type DispatchClassName,
  DispatchError,
  DispatchResult,
  Weight,
  type WeightValue,
} from '../scale/substrate.js';
import { type EnumValue, type Ty, u32, vec } from '../scale/ty.js';

const P = 'Utility';
const PER_ITEM = 5_000_000n;

export function utilityPallet(runtimeCall: Ty<EnumValue>): PalletDef {
  const calls = { ty: vec(runtimeCall), typeName: 'Vec<<T as Config>::RuntimeCall>' };
  type Ctx = Parameters<NonNullable<PalletDef['calls']>[string]['weight']>[1];

  const batchWeight = (a: { calls: EnumValue[] }, ctx: Ctx) =>
    a.calls.reduce((sum, c) => sum + ctx.infoOf(c).weight + PER_ITEM, PER_ITEM);
  const batchClass = (a: { calls: EnumValue[] }, ctx: Ctx): DispatchClassName =>
    a.calls.length > 0 && a.calls.every((c) => ctx.infoOf(c).class === 'Operational')
      ? 'Operational'
      : 'Normal';
  const checkLimit = (a: { calls: EnumValue[] }) => {
    if (a.calls.length > BATCHED_CALLS_LIMIT) throw moduleError(pallet, 'TooManyCalls');
  };

  const pallet: PalletDef = {
    name: P,
    index: 11,
    crate: 'pallet_utility',
    docs: [' Utility: batches of calls.'],
    calls: {
      batch: {
        index: 0,
        args: { calls },
        docs: [' Send a batch of dispatch calls; stops at the first failure (earlier items stay applied).'],
        weight: batchWeight,
        class: batchClass,
        dispatch: (ctx, origin, a: { calls: EnumValue[] }) => {
          checkLimit(a);
          for (let index = 0; index < a.calls.length; index++) {
            const r = ctx.dispatch(origin, a.calls[index]!);
            if (!r.ok) {
              ctx.deposit(palletEvent(pallet, 'BatchInterrupted', { index, error: r.error }));
              return undefined;
            }
            ctx.deposit(palletEvent(pallet, 'ItemCompleted'));
          }
          ctx.deposit(palletEvent(pallet, 'BatchCompleted'));
          return undefined;
        },
      },
      batch_all: {
        index: 2,
        args: { calls },
        docs: [' Send a batch of dispatch calls and atomically execute them: all succeed or none.'],
        weight: batchWeight,
        class: batchClass,
        dispatch: (ctx, origin, a: { calls: EnumValue[] }) => {
          checkLimit(a);
          for (const call of a.calls) {
            const r = ctx.dispatch(origin, call);
            if (!r.ok) throw new DispatchFailure(r.error);
            ctx.deposit(palletEvent(pallet, 'ItemCompleted'));
          }
          ctx.deposit(palletEvent(pallet, 'BatchCompleted'));
          return undefined;
        },
      },
      force_batch: {
        index: 4,
        args: { calls },
        docs: [' Send a batch of dispatch calls; failed items are reported and skipped.'],
        weight: batchWeight,
        class: batchClass,
        dispatch: (ctx, origin, a: { calls: EnumValue[] }) => {
          checkLimit(a);
          let failed = false;
          for (const call of a.calls) {
            const r = ctx.dispatch(origin, call);
            if (r.ok) ctx.deposit(palletEvent(pallet, 'ItemCompleted'));
            else {
              failed = true;
              ctx.deposit(palletEvent(pallet, 'ItemFailed', { error: r.error }));
            }
          }
          ctx.deposit(palletEvent(pallet, failed ? 'BatchCompletedWithErrors' : 'BatchCompleted'));
          return undefined;
        },
      },
      with_weight: {
        index: 5,
        args: {
          call: { ty: runtimeCall, typeName: 'Box<<T as Config>::RuntimeCall>' },
          weight: { ty: Weight, typeName: 'Weight' },
        },
        docs: [' Dispatch a function call with a specified weight (root).'],
        weight: (a: { weight: WeightValue }) => a.weight.ref_time,
        dispatch: (ctx, origin, a: { call: EnumValue }) => {
          ensureRoot(origin);
          const r = ctx.dispatch(origin, a.call);
          if (!r.ok) throw new DispatchFailure(r.error);
          return undefined;
        },
      },
    },
    events: {
      BatchInterrupted: {
        index: 0,
        fields: {
          index: { ty: u32, typeName: 'u32' },
          error: { ty: DispatchError, typeName: 'DispatchError' },
        },
        docs: [
          ' Batch of dispatches did not complete fully. Index of first failing dispatch given, as well as the error.',
        ],
      },
      BatchCompleted: { index: 1, docs: [' Batch of dispatches completed fully with no error.'] },
      BatchCompletedWithErrors: { index: 2, docs: [' Batch of dispatches completed but has errors.'] },
      ItemCompleted: {
        index: 3,
        docs: [' A single item within a Batch of dispatches has completed with no error.'],
      },
      ItemFailed: {
        index: 4,
        fields: { error: { ty: DispatchError, typeName: 'DispatchError' } },
        docs: [' A single item within a Batch of dispatches has completed with error.'],
      },
      DispatchedAs: {
        index: 5,
        fields: { result: { ty: DispatchResult, typeName: 'DispatchResult' } },
        docs: [' A call was dispatched.'],
      },
      IfElseMainSuccess: { index: 6, docs: [' Main call was dispatched.'] },
      IfElseFallbackCalled: {
        index: 7,
        fields: { main_error: { ty: DispatchError, typeName: 'DispatchError' } },
        docs: [' The fallback call was dispatched.'],
      },
    },
    errors: {
      TooManyCalls: { index: 0, docs: [' Too many calls batched.'] },
      InvalidDerivedAccount: { index: 1, docs: [' Bad input data for derived account ID'] },
    },
    constants: {
      batched_calls_limit: {
        ty: u32,
        value: BATCHED_CALLS_LIMIT,
        docs: [' The limit on the number of batched calls.'],
      },
    },
  };
  return pallet;
}
