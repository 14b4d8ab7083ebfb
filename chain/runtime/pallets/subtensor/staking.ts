/**
 * Staking with dynamic TAO, as subtensor's `add_stake.rs` / `remove_stake.rs` / `stake_utils.rs`: `add_stake`
 * buys alpha with TAO through the subnet's pool and holds it in the hotkey's share pool; `remove_stake` sells
 * alpha back for TAO. The `_limit` variants stop at a price (`limit_price`, rao per alpha) and either fail
 * (`SlippageTooHigh`) or fill partially (`allow_partial`). Checks run in subtensor's order.
 *
 * TAO accounting on this chain: staked TAO leaves the coldkey's free balance and Balances' issuance; the
 * pool's TAO is `SubnetTAO` and `TotalStake` (SubtensorModule's `TotalIssuance` counts both). Swap fees are
 * burned (subtensor pays them to the block author's coldkey; this chain has no author accounts).
 */
import type { DispatchContext } from '../../pallet.js';
import { TotalIssuance as BalancesIssuance, deposit, freeBalance, withdraw } from '../balances.js';
import { ensure, fail } from './errors.js';
import { hotkeyExists, subnetExists } from './neurons.js';
import { decreaseStake, increaseStake, stakeOf, trackStakingHotkey } from './stake-shares.js';
import {
  inputWithinLimit,
  MAX_PRICE,
  MIN_PRICE,
  maxAmountAdd,
  maxAmountRemove,
  simSwapAlphaForTao,
  simSwapTaoForAlpha,
  swapAlphaForTao,
  swapTaoForAlpha,
} from './swap.js';
import { MIN_STAKE, subtensorEvent } from './types.js';

export { creditHotkey, decreaseStake, increaseStake, stakeOf } from './stake-shares.js';

type Ctx = DispatchContext;

/** A swap simulation that maps any swap failure to `InsufficientLiquidity`, as the validators do. */
function simOrLiquidity<T>(run: () => T): T {
  try {
    return run();
  } catch {
    throw fail('InsufficientLiquidity');
  }
}

/** `validate_add_stake`. */
function validateAddStake(
  ctx: Ctx,
  coldkey: Uint8Array,
  hotkey: Uint8Array,
  netuid: number,
  amount: bigint,
  maxAmount: bigint,
  allowPartial: boolean,
): void {
  const s = ctx.state;
  ensure(subnetExists(s, netuid), 'SubnetNotExists');
  let fee: bigint;
  try {
    fee = simSwapTaoForAlpha(s, netuid, MIN_STAKE).fee;
  } catch {
    fee = 0n;
  }
  ensure(amount >= MIN_STAKE + fee, 'AmountTooLow');
  let stake = amount;
  if (!allowPartial) ensure(amount <= maxAmount, 'SlippageTooHigh');
  else if (maxAmount < stake) stake = maxAmount;
  ensure(freeBalance(s, coldkey) >= stake, 'NotEnoughBalanceToStake');
  ensure(hotkeyExists(s, hotkey), 'HotKeyAccountNotExists');
  const sim = simOrLiquidity(() => simSwapTaoForAlpha(s, netuid, stake));
  ensure(sim.amountIn >= MIN_STAKE, 'AmountTooLow');
  ensure(sim.amountOut !== 0n, 'InsufficientLiquidity');
}

/** `validate_remove_stake`. */
function validateRemoveStake(
  ctx: Ctx,
  coldkey: Uint8Array,
  hotkey: Uint8Array,
  netuid: number,
  alpha: bigint,
  maxAmount: bigint,
  allowPartial: boolean,
): void {
  const s = ctx.state;
  ensure(subnetExists(s, netuid), 'SubnetNotExists');
  ensure(alpha !== 0n, 'AmountTooLow');
  const held = stakeOf(s, hotkey, coldkey, netuid);
  ensure(held >= alpha, 'NotEnoughStakeToWithdraw');
  const sim = simOrLiquidity(() => simSwapAlphaForTao(s, netuid, alpha));
  // A full unstake may be below the minimum; a partial one must be worth at least `DefaultMinStake`.
  if (held - alpha !== 0n) ensure(sim.amountOut >= MIN_STAKE, 'AmountTooLow');
  if (!allowPartial) ensure(alpha <= maxAmount, 'SlippageTooHigh');
  ensure(hotkeyExists(s, hotkey), 'HotKeyAccountNotExists');
}

/**
 * `stake_into_subnet`: takes `tao` from the coldkey, buys alpha (down to `limitPrice`), credits it to the
 * coldkey's stake on `hotkey`; TAO the limit left unspent goes back. Event `StakeAdded(coldkey, hotkey, tao,
 * alpha, netuid, fee)`. Returns the alpha bought.
 */
export function stakeIntoSubnet(
  ctx: Ctx,
  hotkey: Uint8Array,
  coldkey: Uint8Array,
  netuid: number,
  tao: bigint,
  limitPrice: bigint,
): bigint {
  const s = ctx.state;
  withdraw(ctx, coldkey, tao, false);
  BalancesIssuance.put(s, BalancesIssuance.get(s) - tao);
  const r = swapTaoForAlpha(s, netuid, tao, limitPrice);
  ensure(r.amountOut !== 0n, 'AmountTooLow');
  increaseStake(s, hotkey, coldkey, netuid, r.amountOut);
  trackStakingHotkey(s, coldkey, hotkey);
  const unused = tao - r.amountIn - r.fee;
  if (unused > 0n) {
    deposit(ctx, coldkey, unused);
    BalancesIssuance.put(s, BalancesIssuance.get(s) + unused);
  }
  ctx.deposit(subtensorEvent('StakeAdded', [coldkey, hotkey, tao, r.amountOut, netuid, r.fee]));
  return r.amountOut;
}

/**
 * `unstake_from_subnet`: removes `alpha` from the coldkey's stake, sells it (down to `limitPrice`), keeps the
 * unsold part staked and pays the TAO to the coldkey. Event `StakeRemoved(coldkey, hotkey, tao, alpha sold,
 * netuid, fee)`. Returns the TAO paid out.
 */
export function unstakeFromSubnet(
  ctx: Ctx,
  hotkey: Uint8Array,
  coldkey: Uint8Array,
  netuid: number,
  alpha: bigint,
  limitPrice: bigint,
): bigint {
  const s = ctx.state;
  decreaseStake(s, hotkey, coldkey, netuid, alpha);
  const r = swapAlphaForTao(s, netuid, alpha, limitPrice);
  const unsold = alpha - r.amountIn - r.fee;
  if (unsold > 0n) increaseStake(s, hotkey, coldkey, netuid, unsold);
  if (r.amountOut > 0n) {
    deposit(ctx, coldkey, r.amountOut);
    BalancesIssuance.put(s, BalancesIssuance.get(s) + r.amountOut);
  }
  ctx.deposit(subtensorEvent('StakeRemoved', [coldkey, hotkey, r.amountOut, r.amountIn, netuid, r.fee]));
  return r.amountOut;
}

/** `do_add_stake`: stakes `amount` TAO on `hotkey` at any price. */
export function addStake(
  ctx: Ctx,
  coldkey: Uint8Array,
  hotkey: Uint8Array,
  netuid: number,
  amount: bigint,
): bigint {
  ensure(inputWithinLimit(ctx.state, netuid, 'buy', amount), 'InsufficientLiquidity');
  validateAddStake(ctx, coldkey, hotkey, netuid, amount, amount, false);
  return stakeIntoSubnet(ctx, hotkey, coldkey, netuid, amount, MAX_PRICE);
}

/** `do_add_stake_limit`: stakes up to `amount` TAO while the price stays below `limitPrice` (rao/alpha). */
export function addStakeLimit(
  ctx: Ctx,
  coldkey: Uint8Array,
  hotkey: Uint8Array,
  netuid: number,
  amount: bigint,
  limitPrice: bigint,
  allowPartial: boolean,
): bigint {
  ensure(inputWithinLimit(ctx.state, netuid, 'buy', amount), 'InsufficientLiquidity');
  const max = maxAmountAdd(ctx.state, netuid, limitPrice);
  const possible = amount < max ? amount : max;
  validateAddStake(ctx, coldkey, hotkey, netuid, amount, max, allowPartial);
  return stakeIntoSubnet(ctx, hotkey, coldkey, netuid, possible, limitPrice);
}

/** `do_remove_stake`: unstakes `amount` alpha (capped at the stake held) at any price. */
export function removeStake(
  ctx: Ctx,
  coldkey: Uint8Array,
  hotkey: Uint8Array,
  netuid: number,
  amount: bigint,
): bigint {
  const held = stakeOf(ctx.state, hotkey, coldkey, netuid);
  const alpha = amount < held ? amount : held;
  ensure(inputWithinLimit(ctx.state, netuid, 'sell', alpha), 'InsufficientLiquidity');
  validateRemoveStake(ctx, coldkey, hotkey, netuid, alpha, alpha, false);
  return unstakeFromSubnet(ctx, hotkey, coldkey, netuid, alpha, MIN_PRICE);
}

/** `do_remove_stake_limit`: unstakes up to `amount` alpha while the price stays above `limitPrice`. */
export function removeStakeLimit(
  ctx: Ctx,
  coldkey: Uint8Array,
  hotkey: Uint8Array,
  netuid: number,
  amount: bigint,
  limitPrice: bigint,
  allowPartial: boolean,
): bigint {
  ensure(inputWithinLimit(ctx.state, netuid, 'sell', amount), 'InsufficientLiquidity');
  const max = maxAmountRemove(ctx.state, netuid, limitPrice);
  const possible = amount < max ? amount : max;
  validateRemoveStake(ctx, coldkey, hotkey, netuid, amount, max, allowPartial);
  return unstakeFromSubnet(ctx, hotkey, coldkey, netuid, possible, limitPrice);
}
