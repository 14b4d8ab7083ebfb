/**
 * The per-block half of subtensor's dynamic-TAO coinbase (`run_coinbase`, `get_subnet_block_emissions`,
 * `get_subnet_terms`, `inject_and_maybe_swap`, `emit_to_subnets`, `update_moving_price`): the block's TAO
 * emission is split across subnets by their moving prices, each subnet's TAO enters its pool (injected
 * with matching alpha up to the root-proportion cap, the excess buying alpha as a chain buy), and the
 * subnet's own alpha emission accrues as pending owner cut, server and validator alpha for its next epoch.
 *
 * Fixed point as subtensor: shares and prices are U64F64 (`bits / 2^64`), the alpha split U96F32
 * (`bits / 2^32`), each amount truncated to rao where subtensor truncates it.
 */
import type { StateView } from '../../interface.js';
import type { Overlay } from '../../storage.js';
import {
  NetworkRegisteredAt,
  NetworkRegistrationAllowed,
  PendingOwnerCut,
  PendingServerEmission,
  PendingValidatorEmission,
  SubnetMechanism,
  SubnetOwnerCut,
  SubnetTAO,
  TotalStake,
} from './storage.js';
import {
  EMAPriceHalvingBlocks,
  MinerBurned,
  OwnerCutEnabled,
  PendingRootAlphaDivs,
  RootProp,
  SubnetEmissionEnabled,
  SubnetExcessTao,
  SubnetProtocolAlpha,
  TaoWeight,
} from './storage-emission.js';
import {
  SubnetAlphaIn,
  SubnetAlphaInEmission,
  SubnetAlphaOut,
  SubnetAlphaOutEmission,
  SubnetMovingAlpha,
  SubnetMovingPrice,
  SubnetTaoInEmission,
} from './storage-pools.js';
import { adjustProtocolLiquidity, alphaPriceBits, swapTaoForAlpha } from './swap.js';
import { TAO, TOTAL_SUPPLY } from './types.js';

/** 1.0 as U64F64 bits. */
export const ONE = 1n << 64n;
const U64_MAX = (1n << 64n) - 1n;
const mul = (a: bigint, b: bigint): bigint => (a * b) >> 64n;
const div = (a: bigint, b: bigint): bigint => (b === 0n ? 0n : (a << 64n) / b);

/**
 * `get_block_emission_for_issuance`: 1 TAO (or alpha) halved once per halving of the supply left,
 * `E = 1e9 / 2^floor(log2(1 / (1 − I / 21e15)))`, 0 once the supply is issued. Used for the TAO block
 * emission (issuance = TAO issued) and for each subnet's alpha emission (issuance = its alpha in + out).
 */
export function blockEmission(issuance: bigint): bigint {
  if (issuance >= TOTAL_SUPPLY) return 0n;
  const remaining = TOTAL_SUPPLY - issuance;
  let halvings = 0n;
  while (remaining << (halvings + 1n) <= TOTAL_SUPPLY) halvings++;
  return TAO >> halvings;
}

/** `recycle_subnet_alpha`: alpha leaves the subnet's issuance (`SubnetAlphaOut`, saturating). */
export function recycleAlpha(state: Overlay, netuid: number, amount: bigint): void {
  const out = SubnetAlphaOut.get(state, netuid);
  SubnetAlphaOut.put(state, out > amount ? out - amount : 0n, netuid);
}

/** `get_alpha_issuance`: alpha in the pool plus alpha outstanding. */
export const alphaIssuance = (state: StateView, netuid: number): bigint =>
  SubnetAlphaIn.get(state, netuid) + SubnetAlphaOut.get(state, netuid);

/**
 * `get_subnets_to_emit_to`: non-root subnets that allow registration. Subtensor also requires
 * `start_call` (FirstEmissionBlockNumber) and SubtokenEnabled; this chain has no start_call, so a subnet
 * emits from its registration on.
 */
export const subnetsToEmitTo = (state: StateView, netuids: readonly number[]): number[] =>
  netuids.filter((n) => n !== 0 && NetworkRegistrationAllowed.get(state, n));

/** `get_moving_alpha_price` (U64F64 bits): 1 for root and stable subnets, else `SubnetMovingPrice`. */
export function movingPriceBits(state: StateView, netuid: number): bigint {
  if (netuid === 0 || SubnetMechanism.get(state, netuid) === 0) return ONE;
  const bits = SubnetMovingPrice.get(state, netuid).bits;
  return bits <= 0n ? 0n : bits << 32n;
}

/**
 * `update_moving_price`: `p ← α·min(price, 1) + (1 − α)·p` with `α = SubnetMovingAlpha · b / (b + h)`,
 * b = blocks since the subnet started emitting (its registration here), h = `EMAPriceHalvingBlocks`.
 * Stored as I96F32 (truncated to 2^-32, as subtensor stores it).
 */
export function updateMovingPrice(state: Overlay, netuid: number, block: number): void {
  const since = BigInt(block) - NetworkRegisteredAt.get(state, netuid);
  const b = since > 0n ? since : 0n;
  const h = EMAPriceHalvingBlocks.get(state, netuid);
  const movingAlpha = SubnetMovingAlpha.get(state).bits << 32n;
  const alpha = mul(movingAlpha, div(b << 64n, (b + h) << 64n));
  const price = alphaPriceBits(state, netuid);
  const current = mul(alpha, price < ONE ? price : ONE);
  const moving = mul(ONE - alpha, movingPriceBits(state, netuid));
  SubnetMovingPrice.put(state, { bits: (current + moving) >> 32n }, netuid);
}

/**
 * `get_shares`: each subnet's moving price over their sum, weighted by `1 − MinerBurned` and
 * renormalised (the unweighted shares when every weight is 0).
 */
export function emissionShares(state: StateView, netuids: readonly number[]): Map<number, bigint> {
  const prices = netuids.map((n) => movingPriceBits(state, n));
  const total = prices.reduce((a, b) => a + b, 0n);
  const shares = new Map(netuids.map((n, i) => [n, total === 0n ? 0n : div(prices[i]!, total)]));
  const weighted = new Map(
    netuids.map((n) => {
      const burned = MinerBurned.get(state, n).bits;
      return [n, mul(shares.get(n)!, ONE - (burned < ONE ? burned : ONE))];
    }),
  );
  const weight = [...weighted.values()].reduce((a, b) => a + b, 0n);
  if (weight === 0n) return shares;
  return new Map([...weighted].map(([n, w]) => [n, div(w, weight)]));
}

/**
 * `get_subnet_block_emissions`: the block's TAO emission (rao) per subnet. Subnets with
 * `SubnetEmissionEnabled` off get 0 TAO and their share goes to the others.
 */
export function subnetBlockEmissions(
  state: StateView,
  netuids: readonly number[],
  emission: bigint,
): Map<number, bigint> {
  const shares = emissionShares(state, netuids);
  const enabled = netuids.filter((n) => SubnetEmissionEnabled.get(state, n));
  const enabledSum = enabled.reduce((a, n) => a + shares.get(n)!, 0n);
  const anyDisabled = enabled.length < netuids.length;
  return new Map(
    netuids.map((n) => {
      let share = shares.get(n)!;
      if (anyDisabled)
        share = SubnetEmissionEnabled.get(state, n) && enabledSum > 0n ? div(share, enabledSum) : 0n;
      return [n, mul(emission << 64n, share) >> 64n];
    }),
  );
}

/**
 * `root_proportion`: `w·R / (w·R + alpha issuance)` as U64F64 bits, R = the root subnet's TAO and w =
 * `TaoWeight / u64::MAX`. This chain has no root network, so R = 0 and the proportion is 0.
 */
export function rootProportion(state: StateView, netuid: number): bigint {
  const taoWeight = (TaoWeight.get(state) << 64n) / U64_MAX;
  const weighted = SubnetTAO.get(state, 0) * taoWeight;
  return div(weighted, weighted + (alphaIssuance(state, netuid) << 64n));
}

/** One subnet's coinbase terms for a block (rao / alpha rao). */
export interface SubnetTerms {
  taoIn: bigint;
  alphaIn: bigint;
  alphaOut: bigint;
  excessTao: bigint;
}

/**
 * `get_subnet_terms`: TAO and matching alpha (`tao / price`) go into the pool, capped at
 * `rootProportion · alphaEmission` alpha; the TAO above the cap is excess (bought alpha with, a chain buy).
 * The subnet's alpha emission goes out to its participants.
 */
export function subnetTerms(
  taoEmission: bigint,
  alphaEmission: bigint,
  priceBits: bigint,
  rootPropBits: bigint,
): SubnetTerms {
  let taoIn = taoEmission;
  let alphaIn = div(taoEmission << 64n, priceBits) >> 64n;
  const cap = mul(rootPropBits, alphaEmission << 64n) >> 64n;
  if (alphaIn > cap) {
    alphaIn = cap;
    taoIn = mul(alphaIn << 64n, priceBits) >> 64n;
  }
  return { taoIn, alphaIn, alphaOut: alphaEmission, excessTao: taoEmission - taoIn };
}

/**
 * `inject_and_maybe_swap` for one subnet: liquidity injection that keeps the price, then the excess TAO
 * swapped for alpha without fee (the bought alpha is protocol-owned). A failed chain buy leaves its TAO
 * unissued (subtensor recycles unspent credit).
 */
function inject(state: Overlay, netuid: number, terms: SubnetTerms): void {
  const [tao, alpha] = adjustProtocolLiquidity(state, netuid, terms.taoIn, terms.alphaIn);
  SubnetExcessTao.put(state, 0n, netuid);
  SubnetTaoInEmission.put(state, 0n, netuid);
  if (terms.excessTao > 0n) {
    state.begin();
    try {
      const bought = swapTaoForAlpha(state, netuid, terms.excessTao, undefined, true);
      SubnetProtocolAlpha.put(state, SubnetProtocolAlpha.get(state, netuid) + bought.amountOut, netuid);
      SubnetExcessTao.put(state, bought.amountIn, netuid);
      state.commit();
    } catch {
      state.rollback();
    }
  }
  SubnetAlphaInEmission.put(state, alpha, netuid);
  SubnetAlphaIn.put(state, SubnetAlphaIn.get(state, netuid) + alpha, netuid);
  if (tao > 0n) {
    SubnetTaoInEmission.put(state, tao, netuid);
    SubnetTAO.put(state, SubnetTAO.get(state, netuid) + tao, netuid);
    TotalStake.put(state, TotalStake.get(state) + tao);
  }
}

/** The alpha split of one block (rao): what each pending bucket gains. */
export interface AlphaSplit {
  ownerCut: bigint;
  server: bigint;
  validator: bigint;
  root: bigint;
}

/**
 * `emit_to_subnets`' split of a block's alpha out (U96F32 as subtensor): the owner cut
 * (`SubnetOwnerCut / 65535`, when enabled), then half of the rest to miners; validators get the other
 * half less the root validators' part (`rootProportion · rest / 2`).
 */
export function splitAlphaOut(
  alphaOut: bigint,
  ownerCut: number,
  cutEnabled: boolean,
  rootPropBits: bigint,
): AlphaSplit {
  const out = alphaOut << 32n;
  const cutBits = cutEnabled ? (out * ((BigInt(ownerCut) << 32n) / 65_535n)) >> 32n : 0n;
  const rest = out - cutBits;
  const root = ((rest * (rootPropBits >> 32n)) >> 32n) >> 1n;
  const server = rest >> 1n;
  return {
    ownerCut: cutBits >> 32n,
    server: server >> 32n,
    validator: (rest - server - root) >> 32n,
    root: root >> 32n,
  };
}

/** `emit_to_subnets`: pool injection, alpha out and the pending buckets for every emitting subnet. */
export function emitToSubnets(
  state: Overlay,
  netuids: readonly number[],
  taoEmissions: Map<number, bigint>,
): void {
  const rootSell = netuids.reduce((a, n) => a + movingPriceBits(state, n), 0n) > ONE;
  const cut = SubnetOwnerCut.get(state);
  for (const netuid of netuids) {
    const rootProp = rootProportion(state, netuid);
    const alphaEmission = blockEmission(alphaIssuance(state, netuid));
    const terms = subnetTerms(
      taoEmissions.get(netuid) ?? 0n,
      alphaEmission,
      alphaPriceBits(state, netuid),
      rootProp,
    );
    inject(state, netuid, terms);
    SubnetAlphaOutEmission.put(state, terms.alphaOut, netuid);
    SubnetAlphaOut.put(state, SubnetAlphaOut.get(state, netuid) + terms.alphaOut, netuid);
    const split = splitAlphaOut(terms.alphaOut, cut, OwnerCutEnabled.get(state, netuid), rootProp);
    PendingOwnerCut.put(state, PendingOwnerCut.get(state, netuid) + split.ownerCut, netuid);
    PendingServerEmission.put(state, PendingServerEmission.get(state, netuid) + split.server, netuid);
    PendingValidatorEmission.put(
      state,
      PendingValidatorEmission.get(state, netuid) + split.validator,
      netuid,
    );
    // Root alpha accrues only while the total moving price is above 1; otherwise it is recycled.
    if (rootSell)
      PendingRootAlphaDivs.put(state, PendingRootAlphaDivs.get(state, netuid) + split.root, netuid);
    else recycleAlpha(state, netuid, split.root);
  }
}

/** `update_moving_prices` and `update_root_prop`, after the coinbase used them. */
export function updatePrices(state: Overlay, netuids: readonly number[], block: number): void {
  for (const netuid of netuids) {
    updateMovingPrice(state, netuid, block);
    RootProp.put(state, { bits: rootProportion(state, netuid) }, netuid);
  }
}
