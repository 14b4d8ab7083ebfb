/**
 * The building blocks of AdminUtils' calls: who may call (root, or the subnet owner where subtensor allows
 * it), the subnet check, and the generic `sudo_set_*` setters of a subnet or global value. Also the pallet's
 * identity and error list, which the checks report against.
 */
import { u8aEq } from '@polkadot/util';
import { dbWeight } from '../config.js';
import {
  badOrigin,
  type CallDef,
  type DispatchContext,
  ensureRoot,
  moduleError,
  type Origin,
} from '../pallet.js';
import { type FieldSpec, type Ty, u16 } from '../scale/ty.js';
import type { StorageMap, StorageValue } from '../storage.js';
import { subnetExists } from './subtensor/neurons.js';
import { SubnetOwner } from './subtensor/storage.js';
import { subtensorEvent } from './subtensor/types.js';

/** AdminUtils' name, index and errors (subtensor's), shared by the pallet definition and its checks. */
export const ADMIN_UTILS = {
  name: 'AdminUtils',
  index: 19,
  errors: {
    SubnetDoesNotExist: { index: 0, docs: [' The subnet does not exist, check the netuid parameter'] },
    MaxValidatorsLargerThanMaxUIds: {
      index: 1,
      docs: [
        ' The maximum number of subnet validators must be less than the maximum number of allowed UIDs in the subnet.',
      ],
    },
    MaxAllowedUIdsLessThanCurrentUIds: {
      index: 2,
      docs: [
        ' The maximum number of subnet validators must be more than the current number of UIDs already in the subnet.',
      ],
    },
    BondsMovingAverageMaxReached: {
      index: 3,
      docs: [' The maximum value for bonds moving average is reached'],
    },
    NegativeSigmoidSteepness: { index: 4, docs: [' Only root can set negative sigmoid steepness values'] },
    ValueNotInBounds: { index: 5, docs: [' Value not in allowed bounds.'] },
    MinAllowedUidsGreaterThanCurrentUids: { index: 6 },
    MinAllowedUidsGreaterThanMaxAllowedUids: { index: 7 },
    MaxAllowedUidsLessThanMinAllowedUids: { index: 8 },
    MaxAllowedUidsGreaterThanDefaultMaxAllowedUids: { index: 9 },
    InvalidValue: { index: 10 },
  },
};

export const netuidField: FieldSpec = { ty: u16, typeName: 'NetUid' };

export type Who = 'root' | 'owner';

/** `ensure_subnet_owner_or_root`: root, or (where allowed) the subnet owner's coldkey. */
export function ensureAllowed(ctx: DispatchContext, origin: Origin, netuid: number, who: Who): Who {
  if (origin.kind === 'root') return 'root';
  if (who === 'owner' && origin.kind === 'signed' && u8aEq(SubnetOwner.get(ctx.state, netuid), origin.who))
    return 'owner';
  throw badOrigin();
}

export function ensureSubnet(ctx: DispatchContext, netuid: number): void {
  if (!subnetExists(ctx.state, netuid)) throw moduleError(ADMIN_UTILS, 'SubnetDoesNotExist');
}

interface SubnetSetter<V> {
  index: number;
  arg: string;
  ty: Ty<V>;
  typeName: string;
  who: Who;
  item: StorageMap<[number], V>;
  /** SubtensorModule event emitted as `(netuid, value)`. */
  event?: string;
  check?: (ctx: DispatchContext, netuid: number, value: V, by: Who) => void;
  docs: string;
}

/** A `sudo_set_*(netuid, value)` call: origin, subnet existence, bounds, store, event. */
export function subnetSetter<V>(s: SubnetSetter<V>): CallDef {
  return {
    index: s.index,
    args: { netuid: netuidField, [s.arg]: { ty: s.ty, typeName: s.typeName } },
    docs: [` ${s.docs}`],
    weight: () => 10_000_000n + dbWeight(2, 1),
    dispatch: (ctx, origin, a: Record<string, unknown>) => {
      const netuid = a.netuid as number;
      const value = a[s.arg] as V;
      const by = ensureAllowed(ctx, origin, netuid, s.who);
      ensureSubnet(ctx, netuid);
      s.check?.(ctx, netuid, value, by);
      s.item.put(ctx.state, value, netuid);
      if (s.event) ctx.deposit(subtensorEvent(s.event, [netuid, value]));
      return undefined;
    },
  };
}

/** A root `sudo_set_*(value)` call of a global value. */
export function globalSetter<V>(
  index: number,
  arg: string,
  ty: Ty<V>,
  typeName: string,
  item: StorageValue<V>,
  event: string | undefined,
  docs: string,
): CallDef {
  return {
    index,
    args: { [arg]: { ty, typeName } },
    docs: [` ${docs}`],
    weight: () => 10_000_000n + dbWeight(0, 1),
    dispatch: (ctx, origin, a: Record<string, unknown>) => {
      ensureRoot(origin);
      item.put(ctx.state, a[arg] as V);
      if (event) ctx.deposit(subtensorEvent(event, [a[arg]]));
      return undefined;
    },
  };
}
