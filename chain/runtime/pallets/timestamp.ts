/**
 * pallet_timestamp (index 2): the `set` inherent, first extrinsic of every block. `MinimumPeriod` is half
 * the block time, as in Substrate; clients read it to compute mortal eras and expected block times.
 */
import { dbWeight } from '../config.js';
import { ensureNone, type PalletDef } from '../pallet.js';
import { bool, compactU64, u64 } from '../scale/ty.js';
import { StorageValue } from '../storage.js';

const P = 'Timestamp';

export const Now = new StorageValue(P, 'Now', u64, {
  default: 0n,
  docs: [' The current time for the current block.'],
});
export const DidUpdate = new StorageValue(P, 'DidUpdate', bool, {
  default: false,
  docs: [' Whether the timestamp has been updated in this block.'],
});

export function timestampPallet(blockTimeMs: number): PalletDef {
  const minimumPeriod = BigInt(Math.floor(blockTimeMs / 2));
  return {
    name: P,
    index: 2,
    crate: 'pallet_timestamp',
    docs: [' On-chain time, set once per block by an inherent.'],
    calls: {
      set: {
        index: 0,
        args: { now: { ty: compactU64, typeName: 'T::Moment' } },
        docs: [' Set the current time (inherent).'],
        weight: () => 6_000_000n + dbWeight(1, 1),
        class: 'Mandatory',
        dispatch: (ctx, origin, a: { now: bigint }) => {
          ensureNone(origin);
          Now.put(ctx.state, a.now);
          DidUpdate.put(ctx.state, true);
          return undefined;
        },
      },
    },
    storage: [Now, DidUpdate],
    constants: {
      MinimumPeriod: {
        ty: u64,
        value: minimumPeriod,
        docs: [' The minimum period between blocks (half the block time).'],
      },
    },
  };
}
