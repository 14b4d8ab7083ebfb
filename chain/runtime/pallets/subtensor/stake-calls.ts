/** SubtensorModule: Staking calls. Indices and arguments as in subtensor (finney spec 424). */
import { dbWeight } from '../../config.js';
import { type CallDef, ensureSigned } from '../../pallet.js';
import { bool, option, u64 } from '../../scale/ty.js';
import { accountId, f, netuid } from './call-args.js';
import { addStake, addStakeLimit, removeStake, removeStakeLimit, stakeOf } from './staking.js';

const weight = () => 50_000_000n + dbWeight(14, 10);
const limitPrice = f(u64, 'TaoBalance');
const allowPartial = f(bool, 'bool');

interface LimitArgs {
  hotkey: Uint8Array;
  netuid: number;
  limit_price: bigint;
  allow_partial: boolean;
}

export const subtensorStakeCalls: Record<string, CallDef> = {
  add_stake: {
    index: 2,
    args: { hotkey: accountId, netuid, amount_staked: f(u64, 'TaoBalance') },
    docs: [' Stakes TAO from the caller (coldkey) on a hotkey in a subnet: buys alpha through the pool.'],
    weight,
    dispatch: (ctx, origin, a: { hotkey: Uint8Array; netuid: number; amount_staked: bigint }) => {
      addStake(ctx, ensureSigned(origin), a.hotkey, a.netuid, a.amount_staked);
      return undefined;
    },
  },
  remove_stake: {
    index: 3,
    args: { hotkey: accountId, netuid, amount_unstaked: f(u64, 'AlphaBalance') },
    docs: [' Sells alpha staked on a hotkey back to TAO for the caller (capped at the stake held).'],
    weight,
    dispatch: (ctx, origin, a: { hotkey: Uint8Array; netuid: number; amount_unstaked: bigint }) => {
      removeStake(ctx, ensureSigned(origin), a.hotkey, a.netuid, a.amount_unstaked);
      return undefined;
    },
  },
  add_stake_limit: {
    index: 88,
    args: {
      hotkey: accountId,
      netuid,
      amount_staked: f(u64, 'TaoBalance'),
      limit_price: limitPrice,
      allow_partial: allowPartial,
    },
    docs: [' Stakes TAO while the alpha price stays below `limit_price` (rao per alpha).'],
    weight,
    dispatch: (ctx, origin, a: LimitArgs & { amount_staked: bigint }) => {
      const who = ensureSigned(origin);
      addStakeLimit(ctx, who, a.hotkey, a.netuid, a.amount_staked, a.limit_price, a.allow_partial);
      return undefined;
    },
  },
  remove_stake_limit: {
    index: 89,
    args: {
      hotkey: accountId,
      netuid,
      amount_unstaked: f(u64, 'AlphaBalance'),
      limit_price: limitPrice,
      allow_partial: allowPartial,
    },
    docs: [' Unstakes alpha while the alpha price stays above `limit_price` (rao per alpha).'],
    weight,
    dispatch: (ctx, origin, a: LimitArgs & { amount_unstaked: bigint }) => {
      const who = ensureSigned(origin);
      removeStakeLimit(ctx, who, a.hotkey, a.netuid, a.amount_unstaked, a.limit_price, a.allow_partial);
      return undefined;
    },
  },
  remove_stake_full_limit: {
    index: 103,
    args: { hotkey: accountId, netuid, limit_price: f(option(u64), 'Option<TaoBalance>') },
    docs: [' Unstakes all alpha held on a hotkey, with an optional price limit (no partial fill).'],
    weight,
    dispatch: (ctx, origin, a: { hotkey: Uint8Array; netuid: number; limit_price: bigint | undefined }) => {
      const who = ensureSigned(origin);
      const held = stakeOf(ctx.state, a.hotkey, who, a.netuid);
      if (a.limit_price === undefined) removeStake(ctx, who, a.hotkey, a.netuid, held);
      else removeStakeLimit(ctx, who, a.hotkey, a.netuid, held, a.limit_price, false);
      return undefined;
    },
  },
};
