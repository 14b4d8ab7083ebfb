/**
 * Stake held as alpha in a hotkey's share pool, as subtensor keeps it: alpha credited to the hotkey raises
 * every staker's alpha pro rata, unstaking more than held follows subtensor (`remove_stake` caps at the
 * holding, the limit variant refuses), minimum amounts, TAO accounting, and StakeInfoRuntimeApi.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TotalIssuance as BalancesIssuance } from '../../../../chain/runtime/pallets/balances.js';
import { creditHotkey, stakeOf } from '../../../../chain/runtime/pallets/subtensor/staking.js';
import {
  Alpha,
  NetworkRegistrationAllowed,
  SubnetTAO,
  TotalHotkeyAlpha,
  TotalHotkeyShares,
} from '../../../../chain/runtime/pallets/subtensor/storage.js';
import { SubnetAlphaIn } from '../../../../chain/runtime/pallets/subtensor/storage-pools.js';
import { FeeRate } from '../../../../chain/runtime/pallets/swap.js';
import { freeOf } from '../helpers.js';
import { dtaoSubnet, NETUID, write } from './coinbase-helpers.js';
import type { Json, SubnetChain } from './helpers.js';
import { TAO } from './helpers.js';

describe('dynamic TAO: stake as alpha shares', () => {
  let c: SubnetChain;
  const bobHot = () => c.keys.bob.hot.publicKey;
  const of = (name: 'bob' | 'charlie' | 'dave') =>
    stakeOf(c.view, bobHot(), c.keys[name].cold.publicKey, NETUID);
  const run = (name: 'bob' | 'charlie' | 'dave', method: string, args: Record<string, unknown>) =>
    c.run(c.keys[name].cold, 'SubtensorModule', method, {
      hotkey: c.keys.bob.hot.address,
      netuid: NETUID,
      ...args,
    });

  beforeAll(async () => {
    c = await dtaoSubnet();
    write(c, (s) => NetworkRegistrationAllowed.put(s, false, NETUID));
  }, 60_000);
  beforeEach(() => {
    write(c, (s) => {
      SubnetTAO.put(s, 1000n * TAO, NETUID);
      SubnetAlphaIn.put(s, 1000n * TAO, NETUID);
      FeeRate.put(s, 0, NETUID);
    });
  });

  it('mints shares at the pool value; alpha credited to the hotkey raises each staker pro rata', () => {
    expect(run('bob', 'add_stake', { amount_staked: 100n * TAO })).toBeUndefined();
    const bob = of('bob');
    // The first stake on a hotkey mints one share (2^64 bits) per rao of alpha.
    expect(Alpha.get(c.view, bobHot(), c.keys.bob.cold.publicKey, NETUID).bits).toBe(bob << 64n);
    write(c, (s) => SubnetAlphaIn.put(s, 1000n * TAO, NETUID));
    write(c, (s) => SubnetTAO.put(s, 1000n * TAO, NETUID));
    expect(run('charlie', 'add_stake', { amount_staked: 50n * TAO })).toBeUndefined();
    const charlie = of('charlie');
    expect(TotalHotkeyAlpha.get(c.view, bobHot(), NETUID)).toBe(bob + charlie);
    // Dividends of 30 alpha to Bob's hotkey: shares are unchanged, their value grows by 30·share.
    const shares = TotalHotkeyShares.get(c.view, bobHot(), NETUID).bits;
    write(c, (s) => creditHotkey(s, bobHot(), NETUID, 30n * TAO));
    expect(TotalHotkeyShares.get(c.view, bobHot(), NETUID).bits).toBe(shares);
    const total = bob + charlie;
    // Each gets 30·own/total: Bob's 100 TAO bought 1000·100/1100 = 90.909090909 alpha, Charlie's 50 TAO
    // 1000·50/1050 = 47.619047619 alpha (same starting pool), so 30 alpha split 19.6875 / 10.3125.
    expect([bob, charlie]).toEqual([90_909_090_909n, 47_619_047_619n]);
    expect(of('bob') - bob).toBe((30n * TAO * bob) / total);
    expect(of('bob') - bob).toBe(19_687_500_000n);
    expect(of('charlie') - charlie).toBe(10_312_500_000n);
  });

  it('moves TAO out of the balance and issuance on add_stake and back on remove_stake', () => {
    const issuance = BalancesIssuance.get(c.view);
    const free = freeOf(c, c.keys.dave.cold);
    expect(run('dave', 'add_stake', { amount_staked: 10n * TAO })).toBeUndefined();
    expect(BalancesIssuance.get(c.view)).toBeLessThan(issuance - 10n * TAO + TAO / 100n);
    expect(free - freeOf(c, c.keys.dave.cold)).toBeGreaterThanOrEqual(10n * TAO);
    const held = of('dave');
    const before = freeOf(c, c.keys.dave.cold);
    expect(run('dave', 'remove_stake', { amount_unstaked: held })).toBeUndefined();
    expect(of('dave')).toBe(0n);
    const tao = BigInt(
      c
        .events()
        .find((e) => e.method === 'StakeRemoved')!
        .data[2]!.toString(),
    );
    // The TAO back (less the transaction fee) reached Dave's free balance.
    expect(freeOf(c, c.keys.dave.cold) - before).toBeGreaterThan(tao - TAO / 100n);
  });

  it('unstaking more than held: remove_stake takes what is held, the limit variant refuses', () => {
    expect(run('dave', 'add_stake', { amount_staked: 10n * TAO })).toBeUndefined();
    const held = of('dave');
    expect(
      run('dave', 'remove_stake_limit', { amount_unstaked: held + 1n, limit_price: 0n, allow_partial: true }),
    ).toBe('subtensorModule.NotEnoughStakeToWithdraw');
    expect(run('dave', 'remove_stake', { amount_unstaked: held * 2n })).toBeUndefined();
    expect(
      BigInt(
        c
          .events()
          .find((e) => e.method === 'StakeRemoved')!
          .data[3]!.toString(),
      ),
    ).toBe(held);
    expect(of('dave')).toBe(0n);
    // Nothing left: a zero unstake is AmountTooLow.
    expect(run('dave', 'remove_stake', { amount_unstaked: TAO })).toBe('subtensorModule.AmountTooLow');
  });

  it('enforces the minimum stake (0.002 TAO) both ways, a full unstake excepted', () => {
    expect(run('dave', 'add_stake', { amount_staked: 1_999_999n })).toBe('subtensorModule.AmountTooLow');
    expect(run('dave', 'add_stake', { amount_staked: 2_000_000n })).toBeUndefined();
    expect(run('dave', 'add_stake', { amount_staked: 10n * TAO })).toBeUndefined();
    // A partial unstake worth under 0.002 TAO is refused; the whole holding may go at once.
    expect(run('dave', 'remove_stake', { amount_unstaked: 1_000_000n })).toBe('subtensorModule.AmountTooLow');
    expect(run('dave', 'remove_stake_full_limit', { limit_price: null })).toBeUndefined();
    expect(of('dave')).toBe(0n);
  });

  it('StakeInfoRuntimeApi lists the alpha a coldkey holds per hotkey and subnet', () => {
    expect(run('dave', 'add_stake', { amount_staked: 10n * TAO })).toBeUndefined();
    const infos = c
      .api('StakeInfoRuntimeApi', 'get_stake_info_for_coldkey', c.keys.dave.cold.address)
      .toJSON();
    expect(infos).toEqual([
      {
        hotkey: c.keys.bob.hot.address,
        coldkey: c.keys.dave.cold.address,
        netuid: NETUID,
        stake: Number(of('dave')),
        locked: 0,
        emission: 0,
        taoEmission: 0,
        drain: 0,
        isRegistered: true,
      },
    ]);
    const one = c
      .api(
        'StakeInfoRuntimeApi',
        'get_stake_info_for_hotkey_coldkey_netuid',
        c.keys.bob.hot.address,
        c.keys.dave.cold.address,
        NETUID,
      )
      .toJSON() as Json;
    expect(one.stake).toBe(Number(of('dave')));
    const many = c
      .api('StakeInfoRuntimeApi', 'get_stake_info_for_coldkeys', [c.keys.eve.cold.address])
      .toJSON();
    expect(many).toEqual([[c.keys.eve.cold.address, []]]);
  });
});
