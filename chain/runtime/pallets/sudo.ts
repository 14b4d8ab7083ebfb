/**
 * pallet_sudo (index 12): one key may dispatch any call as Root. Calls by the key pay no fee (`Pays::No`),
 * as in Substrate; the inner call's result is reported in `Sudid` while the outer extrinsic succeeds.
 */
import { u8aEq } from '@polkadot/util';
import {
  type DispatchContext,
  ensureSigned,
  moduleError,
  type Origin,
  type PalletDef,
  palletEvent,
} from '../pallet.js';
import { AccountId32, DispatchResult, MultiAddress, Weight, type WeightValue } from '../scale/substrate.js';
import type { EnumValue, Ty } from '../scale/ty.js';
import { option } from '../scale/ty.js';
import { StorageValue } from '../storage.js';
import { lookup } from './balances.js';

const P = 'Sudo';

export const Key = new StorageValue(P, 'Key', AccountId32, { docs: [' The `AccountId` of the sudo key.'] });

const SUDO_OVERHEAD = 10_000_000n;

export function sudoPallet(runtimeCall: Ty<EnumValue>): PalletDef {
  const call = { ty: runtimeCall, typeName: 'Box<<T as Config>::RuntimeCall>' };

  const ensureSudo = (ctx: DispatchContext, origin: Origin): Uint8Array => {
    const who = ensureSigned(origin);
    const key = Key.get(ctx.state);
    if (!key || !u8aEq(key, who)) throw moduleError(pallet, 'RequireSudo');
    return who;
  };

  const result = (r: ReturnType<DispatchContext['dispatch']>) =>
    r.ok ? { success: true, value: undefined } : { success: false, value: r.error };

  const pallet: PalletDef = {
    name: P,
    index: 12,
    crate: 'pallet_sudo',
    docs: [' Sudo: dispatch calls as Root with the sudo key.'],
    calls: {
      sudo: {
        index: 0,
        args: { call },
        docs: [' Authenticates the sudo key and dispatches a function call with `Root` origin.'],
        weight: (a: { call: EnumValue }, ctx) => ctx.infoOf(a.call).weight + SUDO_OVERHEAD,
        class: (a: { call: EnumValue }, ctx) => ctx.infoOf(a.call).class,
        dispatch: (ctx, origin, a: { call: EnumValue }) => {
          ensureSudo(ctx, origin);
          const r = ctx.dispatch({ kind: 'root' }, a.call);
          ctx.deposit(palletEvent(pallet, 'Sudid', { sudo_result: result(r) }));
          return { paysFee: false };
        },
      },
      sudo_unchecked_weight: {
        index: 1,
        args: { call, weight: { ty: Weight, typeName: 'Weight' } },
        docs: [' As `sudo`, with the weight given by the caller (may be used to fill a block).'],
        weight: (a: { weight: WeightValue }) => a.weight.ref_time,
        class: (a: { call: EnumValue }, ctx) => ctx.infoOf(a.call).class,
        dispatch: (ctx, origin, a: { call: EnumValue }) => {
          ensureSudo(ctx, origin);
          const r = ctx.dispatch({ kind: 'root' }, a.call);
          ctx.deposit(palletEvent(pallet, 'Sudid', { sudo_result: result(r) }));
          return { paysFee: false };
        },
      },
      set_key: {
        index: 2,
        args: { new: { ty: MultiAddress, typeName: 'AccountIdLookupOf<T>' } },
        docs: [' Authenticates the current sudo key and sets the given AccountId as the new sudo key.'],
        weight: () => SUDO_OVERHEAD,
        dispatch: (ctx, origin, a: { new: EnumValue }) => {
          const old = ensureSudo(ctx, origin);
          const next = lookup(a.new);
          Key.put(ctx.state, next);
          ctx.deposit(palletEvent(pallet, 'KeyChanged', { old, new: next }));
          return { paysFee: false };
        },
      },
      sudo_as: {
        index: 3,
        args: { who: { ty: MultiAddress, typeName: 'AccountIdLookupOf<T>' }, call },
        docs: [' Dispatches a call with a `Signed` origin of the given account.'],
        weight: (a: { call: EnumValue }, ctx) => ctx.infoOf(a.call).weight + SUDO_OVERHEAD,
        class: (a: { call: EnumValue }, ctx) => ctx.infoOf(a.call).class,
        dispatch: (ctx, origin, a: { who: EnumValue; call: EnumValue }) => {
          ensureSudo(ctx, origin);
          const r = ctx.dispatch({ kind: 'signed', who: lookup(a.who) }, a.call);
          ctx.deposit(palletEvent(pallet, 'SudoAsDone', { sudo_result: result(r) }));
          return { paysFee: false };
        },
      },
      remove_key: {
        index: 4,
        args: {},
        docs: [' Permanently removes the sudo key.'],
        weight: () => SUDO_OVERHEAD,
        dispatch: (ctx, origin) => {
          ensureSudo(ctx, origin);
          Key.kill(ctx.state);
          ctx.deposit(palletEvent(pallet, 'KeyRemoved'));
          return { paysFee: false };
        },
      },
    },
    events: {
      Sudid: {
        index: 0,
        fields: { sudo_result: { ty: DispatchResult, typeName: 'DispatchResult' } },
        docs: [' A sudo call just took place.'],
      },
      KeyChanged: {
        index: 1,
        fields: {
          old: { ty: option(AccountId32), typeName: 'Option<T::AccountId>' },
          new: { ty: AccountId32, typeName: 'T::AccountId' },
        },
        docs: [' The sudo key has been updated.'],
      },
      KeyRemoved: { index: 2, docs: [' The key was permanently removed.'] },
      SudoAsDone: {
        index: 3,
        fields: { sudo_result: { ty: DispatchResult, typeName: 'DispatchResult' } },
        docs: [' A `sudo_as` call just took place.'],
      },
    },
    errors: { RequireSudo: { index: 0, docs: [' Sender must be the Sudo account.'] } },
    storage: [Key],
  };
  return pallet;
}
