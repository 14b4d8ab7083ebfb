/** SubtensorModule: Staking calls. Indices and arguments as in subtensor. */
import { dbWeight } from '../../config.js';
import { type CallDef, ensureSigned } from '../../pallet.js';
import { u64 } from '../../scale/ty.js';
import { accountId, f, netuid } from './call-args.js';
import { addStake, removeStake } from './staking.js';

export const subtensorStakeCalls: Record<string, CallDef> = {
  add_stake: {
    index: 2,
    args: { hotkey: accountId, netuid, amount_staked: f(u64, 'TaoBalance') },
    docs: [' Stakes TAO from the caller (coldkey) on a hotkey in a subnet.'],
    weight: () => 50_000_000n + dbWeight(12, 8),
    dispatch: (ctx, origin, a: { hotkey: Uint8Array; netuid: number; amount_staked: bigint }) => {
      addStake(ctx, ensureSigned(origin), a.hotkey, a.netuid, a.amount_staked);
      return undefined;
    },
  },
  remove_stake: {
    index: 3,
    args: { hotkey: accountId, netuid, amount_unstaked: f(u64, 'AlphaBalance') },
    docs: [' Removes stake from a hotkey back to the caller (coldkey).'],
    weight: () => 50_000_000n + dbWeight(12, 8),
    dispatch: (ctx, origin, a: { hotkey: Uint8Array; netuid: number; amount_unstaked: bigint }) => {
      removeStake(ctx, ensureSigned(origin), a.hotkey, a.netuid, a.amount_unstaked);
      return undefined;
    },
  },
};
