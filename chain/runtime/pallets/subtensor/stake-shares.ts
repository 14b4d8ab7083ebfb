/**
 * Stake as subtensor keeps it: alpha in a share pool per (hotkey, subnet). `TotalHotkeyAlpha[hotkey, netuid]`
 * is the hotkey's alpha and `Alpha[hotkey, coldkey, netuid]` a coldkey's shares (U64F64 bits) of it, out of
 * `TotalHotkeyShares`. Alpha credited to the hotkey as a whole (validator dividends) raises every staker's
 * value pro rata; alpha bought by one coldkey mints shares at the pool's current value per share.
 * These functions move alpha only: the pool reserves (`SubnetTAO`, `SubnetAlphaIn/Out`) are the swap's and
 * the coinbase's business.
 */
import { u8aEq } from '@polkadot/util';
import type { StateView } from '../../interface.js';
import type { Overlay } from '../../storage.js';
import { Alpha, Owner, StakingHotkeys, TotalHotkeyAlpha, TotalHotkeyShares } from './storage.js';

const FRAC = 64n;

/** The alpha `coldkey` holds through `hotkey` on `netuid`. */
export function stakeOf(state: StateView, hotkey: Uint8Array, coldkey: Uint8Array, netuid: number): bigint {
  const shares = Alpha.get(state, hotkey, coldkey, netuid).bits;
  if (shares === 0n) return 0n;
  const totalShares = TotalHotkeyShares.get(state, hotkey, netuid).bits;
  if (totalShares === 0n) return 0n;
  return (shares * TotalHotkeyAlpha.get(state, hotkey, netuid)) / totalShares;
}

/** Adds `hotkey` to the coldkey's `StakingHotkeys` list (subtensor keeps it for staking calls). */
export function trackStakingHotkey(state: Overlay, coldkey: Uint8Array, hotkey: Uint8Array): void {
  const staking = StakingHotkeys.get(state, coldkey);
  if (!staking.some((h) => u8aEq(h, hotkey))) StakingHotkeys.put(state, [...staking, hotkey], coldkey);
}

/**
 * `increase_stake_for_hotkey_and_coldkey_on_subnet`: `amount` alpha more for `coldkey` on `hotkey` (mints
 * shares at the current value per share). Emission payouts pass `track = false` (no `StakingHotkeys` entry).
 */
export function increaseStake(
  state: Overlay,
  hotkey: Uint8Array,
  coldkey: Uint8Array,
  netuid: number,
  amount: bigint,
  track = true,
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
  if (track) trackStakingHotkey(state, coldkey, hotkey);
}

/** `decrease_stake_for_hotkey_and_coldkey_on_subnet`: removes `amount` (≤ `stakeOf`) alpha, burning shares. */
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
  if (value < amount) return; // as subtensor: a decrease beyond the holding does nothing
  // Round the burned shares up so that a withdrawal never takes more value than it removes.
  let burned = amount === value ? mine : (amount * totalShares + total - 1n) / total;
  if (burned > mine) burned = mine;
  const left = mine - burned;
  if (left === 0n) Alpha.remove(state, hotkey, coldkey, netuid);
  else Alpha.put(state, { bits: left }, hotkey, coldkey, netuid);
  const remaining = total - amount;
  TotalHotkeyAlpha.put(state, remaining, hotkey, netuid);
  TotalHotkeyShares.put(state, { bits: remaining === 0n ? 0n : totalShares - burned }, hotkey, netuid);
}

/**
 * `increase_stake_for_hotkey_on_subnet`: credits `amount` alpha to `hotkey`'s pool as a whole (validator
 * dividends): its stakers gain pro rata. A pool without stakers credits the hotkey's owning coldkey instead.
 */
export function creditHotkey(state: Overlay, hotkey: Uint8Array, netuid: number, amount: bigint): void {
  if (amount === 0n) return;
  const total = TotalHotkeyAlpha.get(state, hotkey, netuid);
  if (total === 0n || TotalHotkeyShares.get(state, hotkey, netuid).bits === 0n) {
    increaseStake(state, hotkey, Owner.get(state, hotkey), netuid, amount, false);
    return;
  }
  TotalHotkeyAlpha.put(state, total + amount, hotkey, netuid);
}
