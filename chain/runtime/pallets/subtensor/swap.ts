/**
 * Dynamic TAO swaps, as subtensor's swap pallet (`do_swap`, `BasicSwapStep`) and stake utilities
 * (`swap_tao_for_alpha`, `swap_alpha_for_tao`) do them. A dynamic subnet (`SubnetMechanism` 1) trades
 * against its pool (`SubnetTAO`, `SubnetAlphaIn`, weight `Swap.SwapBalancer`) with a fee of
 * `Swap.FeeRate / 65535` of the input; the root subnet and stable subnets (mechanism 0) swap 1:1 without fee.
 * Prices are U64F64 TAO per alpha; limit prices are rao per alpha (u64), as the extrinsics take them.
 */
import type { StateView } from '../../interface.js';
import type { Overlay } from '../../storage.js';
import { FeeRate, MINIMUM_RESERVE, PalSwapInitialized, SwapBalancer, swapError } from '../swap.js';
import {
  alphaOutForTao,
  baseDeltaIn,
  calculatePrice,
  fx,
  HALF,
  ONE,
  quoteDeltaIn,
  taoOutForAlpha,
  weightForAddedLiquidity,
} from './balancer.js';
import { subnetExists } from './neurons.js';
import {
  NetworkMinLockCost,
  NetworksAdded,
  SubnetMechanism,
  SubnetTAO,
  TotalNetworks,
  TotalStake,
} from './storage.js';
import { SubnetAlphaIn, SubnetAlphaOut, SubnetVolume } from './storage-pools.js';

/** What one swap did: input that entered the pool, output paid out, fee taken from the input. */
export interface SwapResult {
  amountIn: bigint;
  amountOut: bigint;
  fee: bigint;
}

const U64_MAX = (1n << 64n) - 1n;
/** `max_price` / `min_price` (rao per alpha): the default limits of `add_stake` / `remove_stake`. */
export const MAX_PRICE = 1_000_000_000_000_000n;
export const MIN_PRICE = 1000n;
/** A swap's input may be at most this multiple of the pool's input-side reserve. */
const MAX_INPUT_MULTIPLIER = 1000n;
const U16_MAX = 65_535n;

export const isDynamic = (state: StateView, netuid: number): boolean =>
  netuid !== 0 && SubnetMechanism.get(state, netuid) === 1;

/** The pool's weight: 0.5 until the balancer is initialised. */
const quoteWeight = (state: StateView, netuid: number): bigint => SwapBalancer.get(state, netuid).quote;

/** `current_price`: TAO per alpha as U64F64 bits (1 for root and stable subnets, 0 for an empty pool). */
export function alphaPriceBits(state: StateView, netuid: number): bigint {
  if (!isDynamic(state, netuid)) return ONE;
  const alpha = SubnetAlphaIn.get(state, netuid);
  if (alpha === 0n) return 0n;
  return calculatePrice(quoteWeight(state, netuid), alpha, SubnetTAO.get(state, netuid));
}

/** TAO per alpha as a float (display, metrics). */
export function alphaPrice(state: StateView, netuid: number): number {
  const bits = alphaPriceBits(state, netuid);
  return Number(bits >> 32n) / 2 ** 32;
}

/** `SwapRuntimeApi.current_alpha_price`: rao per alpha. */
export const alphaPriceRao = (state: StateView, netuid: number): bigint =>
  fx.toU64(fx.mul(alphaPriceBits(state, netuid), fx.from(1_000_000_000n)));

/** `calculate_fee_amount`: `amount · FeeRate / 65535` on dynamic subnets. */
function feeOf(state: StateView, netuid: number, amount: bigint, dropFees: boolean): bigint {
  if (dropFees || !isDynamic(state, netuid)) return 0n;
  const rate = fx.div(fx.from(BigInt(FeeRate.get(state, netuid))), fx.from(U16_MAX));
  return fx.toU64(fx.mul(fx.from(amount), rate));
}

type Side = 'buy' | 'sell';

/** One balancer swap step (`BasicSwapStep`): no writes. */
function swapStep(
  state: StateView,
  netuid: number,
  side: Side,
  amount: bigint,
  limit: bigint,
  dropFees: boolean,
) {
  const tao = SubnetTAO.get(state, netuid);
  const alpha = SubnetAlphaIn.get(state, netuid);
  const quote = quoteWeight(state, netuid);
  const convert = (d: bigint) =>
    side === 'buy' ? alphaOutForTao(quote, tao, alpha, d) : taoOutForAlpha(quote, tao, alpha, d);
  let fee = feeOf(state, netuid, amount, dropFees);
  const requested = amount - fee;
  const out = convert(requested);
  const target =
    side === 'buy'
      ? calculatePrice(quote, alpha - out, tao + requested)
      : calculatePrice(quote, alpha + requested, tao - out);
  const current = alphaPriceBits(state, netuid);
  let deltaIn = requested;
  if (side === 'buy' ? target > limit : target < limit) {
    // The limit comes first: swap only what reaches it, and take the fee on that part.
    deltaIn =
      side === 'buy' ? quoteDeltaIn(quote, current, limit, tao) : baseDeltaIn(quote, current, limit, alpha);
    const rate = dropFees ? 0n : fx.from(BigInt(FeeRate.get(state, netuid)));
    fee = fx.toU64(fx.mul(fx.from(deltaIn), fx.div(rate, fx.sub(fx.from(U16_MAX), rate))));
  }
  const deltaOut = deltaIn === requested ? out : convert(deltaIn);
  if (deltaIn !== 0n && deltaOut === 0n) throw swapError('ReservesTooLow');
  return { amountIn: deltaIn, amountOut: deltaOut, fee };
}

/**
 * `do_swap` on a dynamic subnet: input cap, minimum reserve, price limit (`PriceLimitExceeded` when the
 * current price is already at or past it), then the step. `limit` is U64F64 TAO per alpha.
 */
function doSwap(
  state: StateView,
  netuid: number,
  side: Side,
  amount: bigint,
  limit: bigint,
  dropFees: boolean,
) {
  const inReserve = side === 'buy' ? SubnetTAO.get(state, netuid) : SubnetAlphaIn.get(state, netuid);
  const outReserve = side === 'buy' ? SubnetAlphaIn.get(state, netuid) : SubnetTAO.get(state, netuid);
  const net = amount - feeOf(state, netuid, amount, dropFees);
  if (net > inReserve * MAX_INPUT_MULTIPLIER) throw swapError('SwapInputTooLarge');
  if (outReserve < MINIMUM_RESERVE) throw swapError('ReservesTooLow');
  const current = alphaPriceBits(state, netuid);
  if (side === 'buy' ? !(current < limit) : !(current > limit)) throw swapError('PriceLimitExceeded');
  return swapStep(state, netuid, side, amount, limit, dropFees);
}

/** Limit price in rao per alpha → U64F64 TAO per alpha (`price_limit / 1e9`). */
const limitBits = (rao: bigint): bigint => fx.div(fx.from(rao), fx.from(1_000_000_000n));

/** `maybe_initialize_palswap(netuid, None)`: the balancer starts at weight 0.5. */
function initBalancer(state: Overlay, netuid: number): void {
  if (PalSwapInitialized.get(state, netuid)) return;
  SwapBalancer.put(state, { quote: HALF }, netuid);
  PalSwapInitialized.put(state, true, netuid);
}

/** Simulates a swap (no writes): 1:1 on root/stable subnets (0 for a missing subnet). */
function simulate(
  state: StateView,
  netuid: number,
  side: Side,
  amount: bigint,
  limitRao: bigint,
): SwapResult {
  if (!isDynamic(state, netuid)) {
    const a = subnetExists(state, netuid) || netuid === 0 ? amount : 0n;
    return { amountIn: a, amountOut: a, fee: 0n };
  }
  return doSwap(state, netuid, side, amount, limitBits(limitRao), false);
}

/** `sim_swap` of TAO for alpha at no price limit. Throws the Swap error a real swap would. */
export const simSwapTaoForAlpha = (state: StateView, netuid: number, tao: bigint, limitRao = MAX_PRICE) =>
  simulate(state, netuid, 'buy', tao, limitRao);

/** `sim_swap` of alpha for TAO at no price limit. Throws the Swap error a real swap would. */
export const simSwapAlphaForTao = (state: StateView, netuid: number, alpha: bigint, limitRao = MIN_PRICE) =>
  simulate(state, netuid, 'sell', alpha, limitRao);

const addVolume = (state: Overlay, netuid: number, v: bigint) =>
  SubnetVolume.put(state, SubnetVolume.get(state, netuid) + v, netuid);
const satSub = (a: bigint, b: bigint) => (a > b ? a - b : 0n);

/**
 * `swap_tao_for_alpha`: buys alpha with `tao` and updates the pool: `SubnetTAO += amountIn`,
 * `SubnetAlphaIn −= amountOut`, `SubnetAlphaOut += amountOut`, `TotalStake += amountIn`,
 * `SubnetVolume += tao`. The fee enters no reserve (the caller burns it); `tao − amountIn − fee` is unused
 * when the limit price stopped the swap.
 */
export function swapTaoForAlpha(
  state: Overlay,
  netuid: number,
  tao: bigint,
  limitPrice = MAX_PRICE,
  dropFees = false,
): SwapResult {
  let r: SwapResult = { amountIn: tao, amountOut: tao, fee: 0n };
  if (isDynamic(state, netuid)) {
    initBalancer(state, netuid);
    r = doSwap(state, netuid, 'buy', tao, limitBits(limitPrice), dropFees);
    if (SubnetAlphaIn.get(state, netuid) < r.amountOut) throw swapError('InsufficientLiquidity');
  }
  SubnetAlphaIn.put(state, satSub(SubnetAlphaIn.get(state, netuid), r.amountOut), netuid);
  SubnetAlphaOut.put(state, SubnetAlphaOut.get(state, netuid) + r.amountOut, netuid);
  SubnetTAO.put(state, SubnetTAO.get(state, netuid) + r.amountIn, netuid);
  TotalStake.put(state, TotalStake.get(state) + r.amountIn);
  addVolume(state, netuid, tao);
  return r;
}

/**
 * `swap_alpha_for_tao`: sells `alpha` and updates the pool: `SubnetAlphaIn += amountIn`,
 * `SubnetAlphaOut −= amountIn`, `SubnetTAO −= amountOut`, `TotalStake −= amountOut`,
 * `SubnetVolume += amountOut`. The alpha fee is burned (it stays counted in `SubnetAlphaOut`, as subtensor's
 * `burn_subnet_alpha`).
 */
export function swapAlphaForTao(
  state: Overlay,
  netuid: number,
  alpha: bigint,
  limitPrice = MIN_PRICE,
  dropFees = false,
): SwapResult {
  let r: SwapResult = { amountIn: alpha, amountOut: alpha, fee: 0n };
  if (isDynamic(state, netuid)) {
    initBalancer(state, netuid);
    r = doSwap(state, netuid, 'sell', alpha, limitBits(limitPrice), dropFees);
    if (SubnetTAO.get(state, netuid) < r.amountOut) throw swapError('InsufficientLiquidity');
  }
  SubnetAlphaIn.put(state, SubnetAlphaIn.get(state, netuid) + r.amountIn, netuid);
  SubnetAlphaOut.put(state, satSub(SubnetAlphaOut.get(state, netuid), r.amountIn), netuid);
  SubnetTAO.put(state, satSub(SubnetTAO.get(state, netuid), r.amountOut), netuid);
  TotalStake.put(state, satSub(TotalStake.get(state), r.amountOut));
  addVolume(state, netuid, r.amountOut);
  return r;
}

/** `get_median_subnet_alpha_price` over the subnets other than `except` (1 when there are none). */
export function medianAlphaPriceBits(state: StateView, except?: number): bigint {
  const prices: bigint[] = [];
  const last = Math.max(TotalNetworks.get(state), except ?? 0) + 64;
  for (let n = 1; n <= last; n++) {
    if (n === except || !NetworksAdded.get(state, n)) continue;
    const p = alphaPriceBits(state, n);
    if (p > 0n) prices.push(p);
  }
  if (prices.length === 0) return ONE;
  prices.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lo = prices[(prices.length - 1) >> 1] ?? ONE;
  const hi = prices[prices.length >> 1] ?? ONE;
  return lo === hi ? hi : (lo + hi) / 2n;
}

/**
 * `do_register_network`'s pool: the lock (at least `NetworkMinLockCost`) becomes the TAO reserve, the alpha
 * reserve is that TAO at the median price of the other subnets; `TotalStake` counts the pool's TAO.
 * Returns the pool's TAO.
 */
export function initSubnetPool(state: Overlay, netuid: number, lock: bigint): bigint {
  const min = NetworkMinLockCost.get(state);
  const tao = lock >= min ? lock : min;
  const median = medianAlphaPriceBits(state, netuid);
  const alpha = fx.toU64(fx.div(fx.from(tao), median));
  SubnetTAO.put(state, tao, netuid);
  SubnetAlphaIn.put(state, alpha, netuid);
  SubnetAlphaOut.put(state, 0n, netuid);
  SubnetVolume.put(state, 0n, netuid);
  TotalStake.put(state, TotalStake.get(state) + tao);
  return tao;
}

/**
 * `adjust_protocol_liquidity`: re-weights the balancer so that adding `taoDelta`/`alphaDelta` to the reserves
 * keeps the price; returns what may be added (both 0 when the weights would leave [0.01, 0.99]). The caller
 * adds the amounts to `SubnetTAO` / `SubnetAlphaIn`.
 */
export function adjustProtocolLiquidity(
  state: Overlay,
  netuid: number,
  taoDelta: bigint,
  alphaDelta: bigint,
): [bigint, bigint] {
  const quote = weightForAddedLiquidity(
    quoteWeight(state, netuid),
    SubnetTAO.get(state, netuid),
    SubnetAlphaIn.get(state, netuid),
    taoDelta,
    alphaDelta,
  );
  if (quote === undefined) return [0n, 0n];
  SwapBalancer.put(state, { quote }, netuid);
  return [taoDelta, alphaDelta];
}

/** `get_max_amount_add`: the most TAO `add_stake_limit` can spend before the price reaches `limitRao`. */
export function maxAmountAdd(state: StateView, netuid: number, limitRao: bigint): bigint {
  if (!isDynamic(state, netuid)) return limitRao >= 1_000_000_000n ? U64_MAX : 0n;
  const r = simSwapTaoForAlpha(state, netuid, SubnetTAO.get(state, netuid) * MAX_INPUT_MULTIPLIER, limitRao);
  return r.amountIn + r.fee;
}

/** `get_max_amount_remove`: the most alpha `remove_stake_limit` can sell before the price reaches `limitRao`. */
export function maxAmountRemove(state: StateView, netuid: number, limitRao: bigint): bigint {
  if (!isDynamic(state, netuid)) return limitRao <= 1_000_000_000n ? U64_MAX : 0n;
  const r = simSwapAlphaForTao(
    state,
    netuid,
    SubnetAlphaIn.get(state, netuid) * MAX_INPUT_MULTIPLIER,
    limitRao,
  );
  return r.amountIn + r.fee;
}

/** The 1000× input cap the stake calls check first (`InsufficientLiquidity`). */
export function inputWithinLimit(state: StateView, netuid: number, side: Side, amount: bigint): boolean {
  if (!isDynamic(state, netuid)) return true;
  const reserve = side === 'buy' ? SubnetTAO.get(state, netuid) : SubnetAlphaIn.get(state, netuid);
  return amount <= reserve * MAX_INPUT_MULTIPLIER;
}
