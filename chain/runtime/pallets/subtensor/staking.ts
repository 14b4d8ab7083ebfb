/**
 * Single-token stake (the dev chain's simplification of dTAO: no AMM pool, 1 TAO = 1 alpha). Stake is
 * kept in subtensor's share-pool form: `TotalHotkeyAlpha[hotkey, netuid]` is the hotkey's stake in rao and
 * `Alpha[hotkey, coldkey, netuid]` a coldkey's shares (U64F64) of it, out of `TotalHotkeyShares`. Rewards
 * credited to a hotkey raise its `TotalHotkeyAlpha` and so every staker's value pro rata.
 */
import { u8aEq } from '@polkadot/util';
import type { StateView } from '../../interface.js';
import type { DispatchContext } from '../../pallet.js';
import type { Overlay } from '../../storage.js';
import { TotalIssuance as BalancesIssuance, deposit, freeBalance, withdraw } from '../balances.js';
import { ensure } from './errors.js';
import { hotkeyExists, subnetExists } from './neurons.js';
import {
  Alpha,
  Owner,
  StakingHotkeys,
  SubnetTAO,
  TotalHotkeyAlpha,
  TotalHotkeyShares,
  TotalStake,
} from './storage.js';
import { MIN_STAKE, subtensorEvent } from './types.js';

const FRAC = 64n;

/** The stake (rao) `coldkey` holds through `hotkey` on `netuid`. */
export function stakeOf(state: StateView, hotkey: Uint8Array, coldkey: Uint8Array, netuid: number): bigint {
  const shares = Alpha.get(state, hotkey, coldkey, netuid).bits;
  if (shares === 0n) return 0n;
  const totalShares = TotalHotkeyShares.get(state, hotkey, netuid).bits;
  if (totalShares === 0n) return 0n;
  return (shares * TotalHotkeyAlpha.get(state, hotkey, netuid)) / totalShares;
}

function addTotals(state: Overlay, netuid: number, delta: bigint): void {
  TotalStake.put(state, TotalStake.get(state) + delta);
  SubnetTAO.put(state, SubnetTAO.get(state, netuid) + delta, netuid);
}

/**
 * Adds `amount` rao of stake for `coldkey` on `hotkey` (mints shares at the pool's current price).
 * `StakingHotkeys` (the coldkey's list) is kept by staking calls; emission payouts skip it, as subtensor's.
 */
export function increaseStake(
  state: Overlay,
  hotkey: Uint8Array,
  coldkey: Uint8Array,
  netuid: number,
  amount: bigint,
  trackStakingHotkey = true,
): void {
  if (amount === 0n) return;
  const total = TotalHotkeyAlpha.get(state, hotkey, netuid);
  const totalShares = TotalHotkeyShares.get(state, hotkey, netuid).bits;
  const newShares = total === 0n || totalShares === 0n ? amount << FRAC : (amount * totalShares) / total;
  const mine = Alpha.get(state, hotkey, coldkey, netuid).bits;
  // An empty pool restarts: stale shares of a drained pool are worthless.
  const base = total === 0n ? 0n : totalShares;
  Alpha.put(state, { bits: (total === 0n ? 0n : mine) + newShares }, hotkey, coldkey, netuid);
  TotalHotkeyShares.put(state, { bits: base + newShares }, hotkey, netuid);
  TotalHotkeyAlpha.put(state, total + amount, hotkey, netuid);
  addTotals(state, netuid, amount);
  if (!trackStakingHotkey) return;
  const staking = StakingHotkeys.get(state, coldkey);
  if (!staking.some((h) => u8aEq(h, hotkey))) StakingHotkeys.put(state, [...staking, hotkey], coldkey);
}

/** Removes `amount` rao (≤ `stakeOf`) of `coldkey`'s stake on `hotkey`, burning the matching shares. */
export function decreaseStake(
  state: Overlay,
  hotkey: Uint8Array,
  coldkey: Uint8Array,
  netuid: number,
  amount: bigint,
): void {
  if (amount === 0n) return;
  const total = TotalHotkeyAlpha.get(state, hotkey, netuid);
  const totalShares = TotalHotkeyShares.get(state, hotkey, netuid).bits;
  const mine = Alpha.get(state, hotkey, coldkey, netuid).bits;
  const value = totalShares === 0n ? 0n : (mine * total) / totalShares;
  // Round the burned shares up so that a withdrawal never takes more value than it removes.
  let burned = amount === value ? mine : (amount * totalShares + total - 1n) / total;
  if (burned > mine) burned = mine;
  const left = mine - burned;
  if (left === 0n) Alpha.remove(state, hotkey, coldkey, netuid);
  else Alpha.put(state, { bits: left }, hotkey, coldkey, netuid);
  const remaining = total - amount;
  TotalHotkeyAlpha.put(state, remaining, hotkey, netuid);
  TotalHotkeyShares.put(state, { bits: remaining === 0n ? 0n : totalShares - burned }, hotkey, netuid);
  addTotals(state, netuid, -amount);
}

/**
 * Credits a reward to `hotkey`'s pool (validator dividends): its stakers gain pro rata. A pool without
 * stakers credits the hotkey's owning coldkey instead.
 */
export function creditHotkey(state: Overlay, hotkey: Uint8Array, netuid: number, amount: bigint): void {
  if (amount === 0n) return;
  const total = TotalHotkeyAlpha.get(state, hotkey, netuid);
  if (total === 0n || TotalHotkeyShares.get(state, hotkey, netuid).bits === 0n) {
    increaseStake(state, hotkey, Owner.get(state, hotkey), netuid, amount, false);
    return;
  }
  TotalHotkeyAlpha.put(state, total + amount, hotkey, netuid);
  addTotals(state, netuid, amount);
}

/** `do_add_stake`: moves `amount` rao from the coldkey's free balance into stake on `hotkey`. */
export function addStake(
  ctx: DispatchContext,
  coldkey: Uint8Array,
  hotkey: Uint8Array,
  netuid: number,
  amount: bigint,
): void {
  const s = ctx.state;
  ensure(subnetExists(s, netuid), 'SubnetNotExists');
  ensure(amount >= MIN_STAKE, 'AmountTooLow');
  ensure(freeBalance(s, coldkey) >= amount, 'NotEnoughBalanceToStake');
  ensure(hotkeyExists(s, hotkey), 'HotKeyAccountNotExists');
  // Staked TAO leaves the free balance (and Balances' issuance); SubtensorModule counts it as stake.
  withdraw(ctx, coldkey, amount, false);
  BalancesIssuance.put(s, BalancesIssuance.get(s) - amount);
  increaseStake(s, hotkey, coldkey, netuid, amount);
  ctx.deposit(subtensorEvent('StakeAdded', [coldkey, hotkey, amount, amount, netuid, 0n]));
}

/** `do_remove_stake`: returns `amount` rao of stake on `hotkey` to the coldkey's free balance. */
export function removeStake(
  ctx: DispatchContext,
  coldkey: Uint8Array,
  hotkey: Uint8Array,
  netuid: number,
  amount: bigint,
): void {
  const s = ctx.state;
  ensure(subnetExists(s, netuid), 'SubnetNotExists');
  ensure(amount > 0n && amount >= MIN_STAKE, 'AmountTooLow');
  ensure(hotkeyExists(s, hotkey), 'HotKeyAccountNotExists');
  ensure(stakeOf(s, hotkey, coldkey, netuid) >= amount, 'NotEnoughStakeToWithdraw');
  decreaseStake(s, hotkey, coldkey, netuid, amount);
  deposit(ctx, coldkey, amount);
  BalancesIssuance.put(s, BalancesIssuance.get(s) + amount);
  ctx.deposit(subtensorEvent('StakeRemoved', [coldkey, hotkey, amount, amount, netuid, 0n]));
}
