/**
 * The per-block coinbase: the block's TAO split across subnets by moving price, TAO and alpha injected
 * into each pool up to the root-proportion cap (the excess buys alpha, a chain buy), the subnet's alpha
 * out split into owner cut, server and validator alpha, and the moving price's EMA; numbers by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ONE,
  splitAlphaOut,
  subnetBlockEmissions,
  subnetTerms,
  updateMovingPrice,
} from '../../../../chain/runtime/pallets/subtensor/emission.js';
import {
  NetworkRegisteredAt,
  PendingValidatorEmission,
  SubnetMechanism,
  SubnetTAO,
} from '../../../../chain/runtime/pallets/subtensor/storage.js';
import {
  MinerBurned,
  PendingRootAlphaDivs,
  SubnetEmissionEnabled,
  SubnetExcessTao,
  SubnetProtocolAlpha,
} from '../../../../chain/runtime/pallets/subtensor/storage-emission.js';
import {
  SubnetAlphaIn,
  SubnetAlphaInEmission,
  SubnetAlphaOut,
  SubnetAlphaOutEmission,
  SubnetMovingPrice,
  SubnetTaoInEmission,
} from '../../../../chain/runtime/pallets/subtensor/storage-pools.js';
import { alphaPriceBits } from '../../../../chain/runtime/pallets/subtensor/swap.js';
import { emptyState, Overlay } from '../../../../chain/runtime/storage.js';
import { dtaoSubnet, NETUID, write } from './coinbase-helpers.js';
import { type SubnetChain, TAO } from './helpers.js';

const HALF = ONE / 2n;

describe('alpha out split (emit_to_subnets, U96F32)', () => {
  it('owner cut 11796/65535, then half to miners, half to validators less the root part', () => {
    // cut = ⌊1e9 · ⌊11796·2^32/65535⌋ / 2^32⌋ = 179 995 422; rest 820 004 577.65 halves to 410 002 288.82.
    expect(splitAlphaOut(TAO, 11_796, true, 0n)).toEqual({
      ownerCut: 179_995_422n,
      server: 410_002_288n,
      validator: 410_002_288n,
      root: 0n,
    });
    expect(splitAlphaOut(TAO, 11_796, false, 0n)).toEqual({
      ownerCut: 0n,
      server: 500_000_000n,
      validator: 500_000_000n,
      root: 0n,
    });
    // Root proportion 0.5: root validators take 0.5 · rest / 2 = 205 001 144.41 of the validators' half.
    expect(splitAlphaOut(TAO, 11_796, true, HALF)).toEqual({
      ownerCut: 179_995_422n,
      server: 410_002_288n,
      validator: 205_001_144n,
      root: 205_001_144n,
    });
  });
});

describe('subnet terms (get_subnet_terms)', () => {
  const price2 = 2n * ONE;
  it('injects TAO with alpha at the price up to rootProportion · alphaEmission; the rest is excess TAO', () => {
    // No root stake: nothing may be injected, the whole TAO emission buys alpha.
    expect(subnetTerms(TAO, TAO, price2, 0n)).toEqual({
      taoIn: 0n,
      alphaIn: 0n,
      alphaOut: TAO,
      excessTao: TAO,
    });
    // Cap 0.5 alpha ≥ 1 TAO / 2: all injected.
    expect(subnetTerms(TAO, TAO, price2, HALF)).toEqual({
      taoIn: TAO,
      alphaIn: TAO / 2n,
      alphaOut: TAO,
      excessTao: 0n,
    });
    // Cap 0.25 alpha: 0.25 alpha with 0.5 TAO injected, 0.5 TAO excess.
    expect(subnetTerms(TAO, TAO, price2, ONE / 4n)).toEqual({
      taoIn: TAO / 2n,
      alphaIn: TAO / 4n,
      alphaOut: TAO,
      excessTao: TAO / 2n,
    });
  });
});

describe('TAO split across subnets by moving price (get_shares)', () => {
  const state = new Overlay(emptyState);
  for (const n of [1, 2]) SubnetMechanism.put(state, 1, n);
  SubnetMovingPrice.put(state, { bits: 1n << 30n }, 1); // 0.25
  SubnetMovingPrice.put(state, { bits: 3n << 30n }, 2); // 0.75

  it('shares follow the moving prices, weighted by 1 − MinerBurned, disabled subnets get none', () => {
    expect(subnetBlockEmissions(state, [1, 2], TAO)).toEqual(
      new Map([
        [1, 250_000_000n],
        [2, 750_000_000n],
      ]),
    );
    // Subnet 2 withheld half its miners' emission: 0.25 : 0.375 → 0.4 : 0.6.
    state.begin();
    MinerBurned.put(state, { bits: HALF }, 2);
    const burned = subnetBlockEmissions(state, [1, 2], TAO);
    expect(burned.get(1)).toBeGreaterThanOrEqual(399_999_999n);
    expect(burned.get(1)).toBeLessThanOrEqual(400_000_000n);
    expect(burned.get(2)).toBeGreaterThanOrEqual(599_999_999n);
    state.rollback();
    state.begin();
    SubnetEmissionEnabled.put(state, false, 1);
    expect(subnetBlockEmissions(state, [1, 2], TAO)).toEqual(
      new Map([
        [1, 0n],
        [2, TAO],
      ]),
    );
    state.rollback();
  });

  it('moving price: p ← α·min(price, 1) + (1 − α)·p, α = SubnetMovingAlpha · b/(b + 201600)', () => {
    const s = new Overlay(emptyState);
    SubnetMechanism.put(s, 1, 3);
    NetworkRegisteredAt.put(s, 0n, 3);
    SubnetTAO.put(s, 2000n * TAO, 3);
    SubnetAlphaIn.put(s, 1000n * TAO, 3); // price 2, counted as 1
    // α = 12885/2^32 · 1000/202600 → 63 · 2^-32 stored (I96F32), then 126 · 2^-32 a block later.
    updateMovingPrice(s, 3, 1000);
    expect(SubnetMovingPrice.get(s, 3).bits).toBe(63n);
    updateMovingPrice(s, 3, 1001);
    expect(SubnetMovingPrice.get(s, 3).bits).toBe(126n);
  });
});

describe('per-block injection on the dev chain', () => {
  let c: SubnetChain;
  let registeredAt: number;
  beforeAll(async () => {
    c = await dtaoSubnet();
    registeredAt = Number(NetworkRegisteredAt.get(c.view, NETUID));
  });

  it('a new subnet gets no TAO until its moving price leaves 0 (16 blocks), but 1 alpha out every block', () => {
    expect(c.best - registeredAt).toBeLessThan(15);
    expect(SubnetMovingPrice.get(c.view, NETUID).bits).toBe(0n);
    const out = SubnetAlphaOut.get(c.view, NETUID);
    c.produce([]);
    expect(SubnetExcessTao.get(c.view, NETUID)).toBe(0n);
    expect(SubnetTaoInEmission.get(c.view, NETUID)).toBe(0n);
    expect(SubnetAlphaOutEmission.get(c.view, NETUID)).toBe(TAO);
    expect(SubnetAlphaOut.get(c.view, NETUID) - out).toBe(TAO);
  });

  it('without root stake the whole block emission is a chain buy: pool TAO up, alpha bought protocol-owned', () => {
    c.advanceTo(registeredAt + 20);
    expect(SubnetMovingPrice.get(c.view, NETUID).bits).toBeGreaterThan(0n);
    const before = {
      tao: SubnetTAO.get(c.view, NETUID),
      alphaIn: SubnetAlphaIn.get(c.view, NETUID),
      out: SubnetAlphaOut.get(c.view, NETUID),
      protocol: SubnetProtocolAlpha.get(c.view, NETUID),
      price: alphaPriceBits(c.view, NETUID),
    };
    c.produce([]);
    const bought = SubnetProtocolAlpha.get(c.view, NETUID) - before.protocol;
    expect(SubnetExcessTao.get(c.view, NETUID)).toBe(TAO);
    expect(SubnetTaoInEmission.get(c.view, NETUID)).toBe(0n);
    expect(SubnetAlphaInEmission.get(c.view, NETUID)).toBe(0n);
    expect(SubnetTAO.get(c.view, NETUID) - before.tao).toBe(TAO);
    expect(bought).toBeGreaterThan(0n);
    expect(before.alphaIn - SubnetAlphaIn.get(c.view, NETUID)).toBe(bought);
    expect(SubnetAlphaOut.get(c.view, NETUID) - before.out).toBe(TAO + bought);
    expect(alphaPriceBits(c.view, NETUID)).toBeGreaterThan(before.price);
  });

  it('with root stake, TAO and alpha at the current price are injected: the price holds', () => {
    // Simulated root TAO (this chain has no root network): root proportion ≈ 1, the cap is far away.
    write(c, (s) => SubnetTAO.put(s, 10_000_000n * TAO, 0));
    const before = {
      tao: SubnetTAO.get(c.view, NETUID),
      alphaIn: SubnetAlphaIn.get(c.view, NETUID),
      out: SubnetAlphaOut.get(c.view, NETUID),
      price: alphaPriceBits(c.view, NETUID),
      validator: PendingValidatorEmission.get(c.view, NETUID),
      root: PendingRootAlphaDivs.get(c.view, NETUID),
    };
    c.produce([]);
    const alphaIn = SubnetAlphaInEmission.get(c.view, NETUID);
    expect(SubnetTaoInEmission.get(c.view, NETUID)).toBe(TAO);
    expect(SubnetExcessTao.get(c.view, NETUID)).toBe(0n);
    expect(alphaIn).toBe((TAO << 64n) / before.price);
    expect(SubnetTAO.get(c.view, NETUID) - before.tao).toBe(TAO);
    expect(SubnetAlphaIn.get(c.view, NETUID) - before.alphaIn).toBe(alphaIn);
    const price = alphaPriceBits(c.view, NETUID);
    expect(Number(price - before.price) / Number(before.price)).toBeLessThan(1e-9);
    // Root validators' share of the alpha out is recycled (total moving price ≤ 1: no root sells).
    const root = 410_002_288n - (PendingValidatorEmission.get(c.view, NETUID) - before.validator);
    expect(root).toBeGreaterThan(200_000_000n);
    expect(PendingRootAlphaDivs.get(c.view, NETUID)).toBe(before.root);
    expect(SubnetAlphaOut.get(c.view, NETUID) - before.out).toBe(TAO - root);
    write(c, (s) => SubnetTAO.put(s, 0n, 0));
  });
});
