/**
 * The registration burn price as today's subtensor sets it (`update_registration_prices_for_networks`,
 * `bump_registration_price_after_registration`): every block each subnet's `Burn` decays by the factor
 * `f` with `f^BurnHalfLife = 1/2`; every registration multiplies it by `BurnIncreaseMult`; both clamped
 * to [`MinBurn`, `MaxBurn`]. The burned TAO buys alpha from the subnet's pool and that alpha is burned
 * (`SubnetAlphaOut` falls), so registrations raise the alpha price.
 */
import type { Overlay } from '../../storage.js';
import { recycleAlpha } from './emission.js';
import { Burn, MaxBurn, MinBurn } from './storage.js';
import {
  BurnHalfLife,
  BurnIncreaseMult,
  RAORecycledForRegistration,
  RegistrationsThisBlock,
} from './storage-emission.js';
import { MAX_PRICE, swapTaoForAlpha } from './swap.js';

const Q32 = 1n << 32n;
const U64_MAX = (1n << 64n) - 1n;

/** `mul_by_q32`: `value · factor / 2^32`, saturating at u64::MAX. */
export function mulByQ32(value: bigint, factorQ32: bigint): bigint {
  const shifted = (value * factorQ32) >> 32n;
  return shifted > U64_MAX ? U64_MAX : shifted;
}

/** `pow_q32`: `base^exp` in Q32 by squaring. */
export function powQ32(baseQ32: bigint, exp: number): bigint {
  let result = Q32;
  let factor = baseQ32;
  let power = exp;
  while (power > 0) {
    if (power & 1) result = mulByQ32(result, factor);
    power >>= 1;
    if (power > 0) factor = mulByQ32(factor, factor);
  }
  return result;
}

const factors = new Map<number, bigint>();

/** `decay_factor_q32`: the largest Q32 `f` with `f^halfLife ≤ 1/2` (binary search); 1 for half-life 0. */
export function decayFactorQ32(halfLife: number): bigint {
  if (halfLife === 0) return Q32;
  const known = factors.get(halfLife);
  if (known !== undefined) return known;
  const half = Q32 >> 1n;
  let lo = 0n;
  let hi = Q32;
  while (lo + 1n < hi) {
    const mid = lo + ((hi - lo) >> 1n);
    if (powQ32(mid, halfLife) > half) hi = mid;
    else lo = mid;
  }
  factors.set(halfLife, lo);
  return lo;
}

const clamp = (state: Overlay, netuid: number, v: bigint): bigint => {
  const min = MinBurn.get(state, netuid);
  const max = MaxBurn.get(state, netuid);
  return v < min ? min : v > max ? max : v;
};

/** Per block, before the coinbase: decays every subnet's burn and resets its per-block registrations. */
export function updateRegistrationPrices(state: Overlay, netuids: readonly number[], block: number): void {
  for (const netuid of netuids) {
    const burn = Burn.get(state, netuid);
    const halfLife = BurnHalfLife.get(state, netuid);
    const decayed = halfLife > 0 && block > 1 ? mulByQ32(burn, decayFactorQ32(halfLife)) : burn;
    const next = clamp(state, netuid, decayed);
    if (next !== burn) Burn.put(state, next, netuid);
    RegistrationsThisBlock.put(state, 0, netuid);
  }
}

/** After a registration: `Burn · max(BurnIncreaseMult, 1)` (U64F64, truncated), clamped. */
export function bumpRegistrationPrice(state: Overlay, netuid: number): void {
  const mult = BurnIncreaseMult.get(state, netuid).bits;
  const bits = mult > 1n << 64n ? mult : 1n << 64n;
  const raised = (Burn.get(state, netuid) * bits) >> 64n;
  Burn.put(state, clamp(state, netuid, raised > U64_MAX ? U64_MAX : raised), netuid);
}

/**
 * `do_register`'s payment once the TAO left the coldkey: it buys alpha in the pool (with the swap fee),
 * and the bought alpha is burned. Counts the registration and the recycled TAO.
 */
export function payRegistrationBurn(state: Overlay, netuid: number, tao: bigint): void {
  const bought = swapTaoForAlpha(state, netuid, tao, MAX_PRICE, false);
  recycleAlpha(state, netuid, bought.amountOut);
  RegistrationsThisBlock.put(state, RegistrationsThisBlock.get(state, netuid) + 1, netuid);
  RAORecycledForRegistration.put(state, RAORecycledForRegistration.get(state, netuid) + tao, netuid);
}
