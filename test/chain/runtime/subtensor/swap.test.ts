/**
 * Dynamic TAO swaps through the stake calls: a subnet's pool (SubnetTAO y, SubnetAlphaIn x, balancer weight
 * 0.5 = constant product x·y = k) moves as that rule says, fees come off the input, price limits stop or
 * refuse a trade, and the Swap pallet / SwapRuntimeApi report what a real swap does. Each test starts the
 * pool at 1000 TAO / 1000 alpha (price 1) with no emission (registration closed), so figures are worked by
 * hand from x·y = k.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stakeOf } from '../../../../chain/runtime/pallets/subtensor/staking.js';
import {
  NetworkRegistrationAllowed,
  SubnetTAO,
} from '../../../../chain/runtime/pallets/subtensor/storage.js';
import { SubnetAlphaIn, SubnetAlphaOut } from '../../../../chain/runtime/pallets/subtensor/storage-pools.js';
import { FeeRate, SwapBalancer } from '../../../../chain/runtime/pallets/swap.js';
import { dtaoSubnet, NETUID, write } from './coinbase-helpers.js';
import type { Json, SubnetChain } from './helpers.js';
import { TAO } from './helpers.js';

describe('dynamic TAO: pool swaps through add_stake / remove_stake', () => {
  let c: SubnetChain;
  /** The last event `method`'s fields as bigints (accounts skipped by `from`). */
  const fields = (method: string, from = 2): bigint[] => {
    const e = c.events().filter((x) => x.method === method);
    const last = e[e.length - 1];
    if (!last) return [];
    return last.data.slice(from).map((d: { toString(): string }) => BigInt(d.toString()));
  };
  const price = () => BigInt(c.api('SwapRuntimeApi', 'current_alpha_price', NETUID).toString());
  const stake = (tao: bigint) =>
    c.run(c.keys.bob.cold, 'SubtensorModule', 'add_stake', {
      hotkey: c.keys.bob.hot.address,
      netuid: NETUID,
      amount_staked: tao,
    });
  const unstake = (alpha: bigint) =>
    c.run(c.keys.bob.cold, 'SubtensorModule', 'remove_stake', {
      hotkey: c.keys.bob.hot.address,
      netuid: NETUID,
      amount_unstaked: alpha,
    });
  const bobAlpha = () => stakeOf(c.view, c.keys.bob.hot.publicKey, c.keys.bob.cold.publicKey, NETUID);

  beforeAll(async () => {
    c = await dtaoSubnet({ bob: 500n });
    // Closed to registration: the coinbase injects nothing, so the pool only moves with our trades.
    write(c, (s) => NetworkRegistrationAllowed.put(s, false, NETUID));
  }, 60_000);
  beforeEach(() => {
    write(c, (s) => {
      SubnetTAO.put(s, 1000n * TAO, NETUID);
      SubnetAlphaIn.put(s, 1000n * TAO, NETUID);
      SubnetAlphaOut.put(s, 1000n * TAO, NETUID);
      SwapBalancer.put(s, { quote: 500_000_000_000_000_000n }, NETUID);
      FeeRate.put(s, 0, NETUID);
    });
  });

  it('a buy moves the price up as x·y = k says, a sell moves it down', () => {
    expect(price()).toBe(1_000_000_000n);
    const held = bobAlpha();
    expect(stake(100n * TAO)).toBeUndefined();
    // ∆x = x·∆y/(y+∆y) = 1000·100/1100 = 90.909090909 alpha; the pool is now 1100 TAO / 909.090909091 alpha.
    expect(fields('StakeAdded')).toEqual([100n * TAO, 90_909_090_909n, BigInt(NETUID), 0n]);
    expect(bobAlpha() - held).toBe(90_909_090_909n);
    expect(SubnetTAO.get(c.view, NETUID)).toBe(1100n * TAO);
    expect(SubnetAlphaIn.get(c.view, NETUID)).toBe(909_090_909_091n);
    expect(SubnetAlphaOut.get(c.view, NETUID)).toBe(1_090_909_090_909n);
    // p = y/x = 1100/909.090909091 = 1.21 TAO per alpha (rao, truncated).
    expect(price()).toBe(1_209_999_999n);

    // Back to 1000/1000, sell 100 alpha: ∆y = y·∆x/(x+∆x) = 1000·100/1100 = 90.909090909 TAO; p = 0.8264.
    write(c, (s) => {
      SubnetTAO.put(s, 1000n * TAO, NETUID);
      SubnetAlphaIn.put(s, 1000n * TAO, NETUID);
    });
    expect(unstake(100n * TAO)).toBeUndefined();
    expect(fields('StakeRemoved')).toEqual([90_909_090_909n, 100n * TAO, BigInt(NETUID), 0n]);
    expect(SubnetTAO.get(c.view, NETUID)).toBe(909_090_909_091n);
    expect(SubnetAlphaIn.get(c.view, NETUID)).toBe(1100n * TAO);
    expect(price()).toBe(826_446_280n); // 909.090909091 / 1100
  });

  it('takes FeeRate/65535 of the input as the fee, outside the pool', () => {
    write(c, (s) => FeeRate.put(s, 33, NETUID));
    expect(stake(100n * TAO)).toBeUndefined();
    // fee = 100 TAO · 33/65535 = 0.050354772 TAO; the other 99.949645228 TAO buy
    // 1000·99.949645228/1099.949645228 = 90.867473489 alpha.
    expect(fields('StakeAdded')).toEqual([100n * TAO, 90_867_473_489n, BigInt(NETUID), 50_354_772n]);
    expect(SubnetTAO.get(c.view, NETUID)).toBe(1000n * TAO + 99_949_645_228n);
    // A sell pays its fee in alpha: 100 alpha → 0.050354772 alpha fee, 99.949645228 alpha sold.
    write(c, (s) => {
      SubnetTAO.put(s, 1000n * TAO, NETUID);
      SubnetAlphaIn.put(s, 1000n * TAO, NETUID);
    });
    expect(unstake(100n * TAO)).toBeUndefined();
    expect(fields('StakeRemoved')).toEqual([90_867_473_489n, 99_949_645_228n, BigInt(NETUID), 50_354_772n]);
    expect(SubnetAlphaIn.get(c.view, NETUID)).toBe(1000n * TAO + 99_949_645_228n);
  });

  it('add_stake_limit refuses or partly fills at the limit price', () => {
    const limit = (amount: bigint, limitPrice: bigint, allowPartial: boolean) =>
      c.run(c.keys.bob.cold, 'SubtensorModule', 'add_stake_limit', {
        hotkey: c.keys.bob.hot.address,
        netuid: NETUID,
        amount_staked: amount,
        limit_price: limitPrice,
        allow_partial: allowPartial,
      });
    // Up to 1.21 TAO/alpha the pool takes ∆y = y·(√(1.21/1) − 1) = 100 TAO: 200 TAO would go past it.
    expect(limit(200n * TAO, 1_210_000_000n, false)).toBe('subtensorModule.SlippageTooHigh');
    expect(SubnetTAO.get(c.view, NETUID)).toBe(1000n * TAO);
    expect(limit(200n * TAO, 1_210_000_000n, true)).toBeUndefined();
    const [tao, alpha] = fields('StakeAdded');
    // The root is truncated at 10^-18: 99.999999999 TAO, buying 1000·99.999999999/1099.999999999 alpha.
    expect(tao).toBe(99_999_999_999n);
    expect(alpha).toBe(90_909_090_908n);
    expect(price()).toBeLessThanOrEqual(1_210_000_000n);
    // A limit at or below the current price cannot buy anything.
    expect(limit(10n * TAO, 1_000_000_000n, true)).toBe('swap.PriceLimitExceeded');
    // Within the limit the whole amount goes through.
    expect(limit(TAO, 2_000_000_000n, false)).toBeUndefined();
    expect(fields('StakeAdded')[0]).toBe(TAO);
  });

  it('remove_stake_limit refuses or partly fills at the limit price', () => {
    const limit = (amount: bigint, limitPrice: bigint, allowPartial: boolean) =>
      c.run(c.keys.bob.cold, 'SubtensorModule', 'remove_stake_limit', {
        hotkey: c.keys.bob.hot.address,
        netuid: NETUID,
        amount_unstaked: amount,
        limit_price: limitPrice,
        allow_partial: allowPartial,
      });
    const held = bobAlpha();
    expect(held).toBeGreaterThan(200n * TAO);
    // Down to 0.81 TAO/alpha the pool takes ∆x = x·(√(1/0.81) − 1) = 111.111111111 alpha.
    expect(limit(200n * TAO, 810_000_000n, false)).toBe('subtensorModule.SlippageTooHigh');
    expect(limit(200n * TAO, 810_000_000n, true)).toBeUndefined();
    const [tao, alpha] = fields('StakeRemoved');
    expect(alpha).toBe(111_111_111_111n);
    // ∆y = y·∆x/(x+∆x) = 1000·111.111111111/1111.111111111 = 100 TAO.
    expect(tao).toBe(99_999_999_999n);
    // The unsold alpha stays staked.
    expect(held - bobAlpha()).toBe(111_111_111_111n);
    expect(price()).toBeGreaterThanOrEqual(810_000_000n);
    expect(limit(TAO, 2_000_000_000n, true)).toBe('swap.PriceLimitExceeded');
  });

  it('SwapRuntimeApi simulates exactly what the swap then does, without writing', () => {
    const sim = c.api('SwapRuntimeApi', 'sim_swap_tao_for_alpha', NETUID, 100n * TAO).toJSON() as Json;
    expect(sim).toEqual({
      taoAmount: 100 * 1e9,
      alphaAmount: 90_909_090_909,
      taoFee: 0,
      alphaFee: 0,
      taoSlippage: 0,
      // No-slippage alpha at price 1 is 100: slippage 9.090909091 alpha.
      alphaSlippage: 100 * 1e9 - 90_909_090_909,
    });
    expect(SubnetTAO.get(c.view, NETUID)).toBe(1000n * TAO);
    const sell = c.api('SwapRuntimeApi', 'sim_swap_alpha_for_tao', NETUID, 100n * TAO).toJSON() as Json;
    expect(sell).toMatchObject({
      taoAmount: 90_909_090_909,
      alphaAmount: 100 * 1e9,
      taoSlippage: 9_090_909_091,
    });
    const all = c.api('SwapRuntimeApi', 'current_alpha_price_all').toJSON() as Json[];
    expect(all).toContainEqual({ netuid: NETUID, price: 1_000_000_000 });
    // A missing subnet simulates to zeros (as subtensor's stable fallback).
    expect((c.api('SwapRuntimeApi', 'sim_swap_tao_for_alpha', 9, TAO).toJSON() as Json).alphaAmount).toBe(0);
    expect(stake(100n * TAO)).toBeUndefined();
    expect(fields('StakeAdded')[1]).toBe(90_909_090_909n);
  });

  it('Swap.set_fee_rate is root-only and bounded; liquidity positions are deprecated', () => {
    expect(c.sudo('Swap', 'set_fee_rate', { netuid: NETUID, rate: 196 })).toBeUndefined();
    expect(FeeRate.get(c.view, NETUID)).toBe(196);
    expect(c.events().find((e) => e.method === 'FeeRateSet')?.data).toEqual([NETUID, 196]);
    expect(c.sudo('Swap', 'set_fee_rate', { netuid: NETUID, rate: 10_001 })).toBe('swap.FeeRateTooHigh');
    expect(c.sudo('Swap', 'set_fee_rate', { netuid: 9, rate: 1 })).toBe('swap.MechanismDoesNotExist');
    expect(c.run(c.keys.bob.cold, 'Swap', 'set_fee_rate', { netuid: NETUID, rate: 1 })).toBe('BadOrigin');
    expect(c.run(c.keys.bob.cold, 'Swap', 'toggle_user_liquidity', { netuid: NETUID, enable: true })).toBe(
      'swap.Deprecated',
    );
  });

  it('stable subnets (mechanism 0) swap 1:1 without fee', async () => {
    const { SubnetMechanism } = await import('../../../../chain/runtime/pallets/subtensor/storage.js');
    write(c, (s) => {
      SubnetMechanism.put(s, 0, NETUID);
      FeeRate.put(s, 33, NETUID);
    });
    expect(price()).toBe(1_000_000_000n);
    expect(stake(100n * TAO)).toBeUndefined();
    expect(fields('StakeAdded')).toEqual([100n * TAO, 100n * TAO, BigInt(NETUID), 0n]);
    write(c, (s) => SubnetMechanism.put(s, 1, NETUID));
  });
});
