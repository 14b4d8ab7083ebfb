/**
 * SubtensorModule through signed extrinsics on the runtime: subnet creation, burned registration with
 * pruning, stake and serving, each error path by its subtensor error name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decayFactorQ32, mulByQ32 } from '../../../../chain/runtime/pallets/subtensor/burn.js';
import { stakeOf } from '../../../../chain/runtime/pallets/subtensor/staking.js';
import {
  Alpha,
  Axons,
  Burn,
  Keys,
  NetworksAdded,
  Owner,
  Prometheus,
  SubnetLocked,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetTAO,
  SubnetworkN,
  TotalHotkeyAlpha,
  TotalStake,
  Uids,
  Weights,
} from '../../../../chain/runtime/pallets/subtensor/storage.js';
import { BurnHalfLife } from '../../../../chain/runtime/pallets/subtensor/storage-emission.js';
import { freeOf } from '../helpers.js';
import { type SubnetChain, subnetChain, TAO } from './helpers.js';

const NETUID = 1;

describe('SubtensorModule registration, stake and serving', () => {
  let c: SubnetChain;
  beforeAll(async () => {
    c = await subnetChain();
  });

  it('creates a subnet owned by the signing coldkey, its hotkey as uid 0, and locks the cost', () => {
    const { alice } = c.keys;
    const before = freeOf(c, alice.cold);
    expect(
      c.run(alice.cold, 'SubtensorModule', 'register_network', { hotkey: alice.hot.address }),
    ).toBeUndefined();
    expect(NetworksAdded.get(c.view, NETUID)).toBe(true);
    expect(SubnetOwner.get(c.view, NETUID)).toEqual(alice.cold.publicKey);
    expect(SubnetOwnerHotkey.get(c.view, NETUID)).toEqual(alice.hot.publicKey);
    expect(SubnetworkN.get(c.view, NETUID)).toBe(1);
    expect(Keys.get(c.view, NETUID, 0)).toEqual(alice.hot.publicKey);
    const locked = SubnetLocked.get(c.view, NETUID);
    expect(locked).toBeGreaterThan(1000n * TAO);
    // The lock and the fee left Alice's balance.
    expect(before - freeOf(c, alice.cold)).toBeGreaterThan(locked);
    const added = c.events().find((e) => e.method === 'NetworkAdded');
    expect(added?.data).toEqual([NETUID, 0]);
    // No epochs in this file: stake figures stay exact.
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 0 })).toBeUndefined();
  });

  it('refuses a hotkey owned by another coldkey (NonAssociatedColdKey)', () => {
    expect(
      c.run(c.keys.bob.cold, 'SubtensorModule', 'register_network', { hotkey: c.keys.alice.hot.address }),
    ).toBe('subtensorModule.NonAssociatedColdKey');
  });

  it('registers neurons by burning the price and records hotkey ownership', () => {
    const { bob, charlie } = c.keys;
    // The block decays the burn once (burn.ts) before Bob's registration pays it.
    const burn = mulByQ32(Burn.get(c.view, NETUID), decayFactorQ32(BurnHalfLife.get(c.view, NETUID)));
    const before = freeOf(c, bob.cold);
    expect(
      c.run(bob.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: bob.hot.address }),
    ).toBeUndefined();
    expect(before - freeOf(c, bob.cold)).toBeGreaterThanOrEqual(burn);
    expect(Uids.get(c.view, NETUID, bob.hot.publicKey)).toBe(1);
    expect(Owner.get(c.view, bob.hot.publicKey)).toEqual(bob.cold.publicKey);
    expect(c.events().find((e) => e.method === 'NeuronRegistered')?.data).toEqual([
      NETUID,
      1,
      bob.hot.address,
    ]);
    // `register` behaves like burned_register (proof-of-work arguments ignored).
    expect(
      c.run(charlie.cold, 'SubtensorModule', 'register', {
        netuid: NETUID,
        block_number: 0,
        nonce: 0,
        work: '0x',
        hotkey: charlie.hot.address,
        coldkey: charlie.cold.address,
      }),
    ).toBeUndefined();
    expect(Uids.get(c.view, NETUID, charlie.hot.publicKey)).toBe(2);
    expect(SubnetworkN.get(c.view, NETUID)).toBe(3);
  });

  it('returns subtensor errors for bad registrations', () => {
    const { bob, dave } = c.keys;
    const reg = (pair: typeof bob.cold, netuid: number, hotkey: string) =>
      c.run(pair, 'SubtensorModule', 'burned_register', { netuid, hotkey });
    expect(reg(dave.cold, 9, dave.hot.address)).toBe('subtensorModule.SubnetNotExists');
    expect(reg(bob.cold, NETUID, bob.hot.address)).toBe('subtensorModule.HotKeyAlreadyRegisteredInSubNet');
    // A coldkey with less than the 1 TAO burn.
    const poor = c.keyring.addFromUri('//Poor');
    c.run(c.keys.alice.cold, 'Balances', 'transfer_keep_alive', {
      dest: { Id: poor.address },
      value: TAO / 2n,
    });
    expect(reg(poor, NETUID, poor.address)).toBe('subtensorModule.NotEnoughBalanceToStake');
    expect(
      c.sudo('AdminUtils', 'sudo_set_network_registration_allowed', {
        netuid: NETUID,
        registration_allowed: false,
      }),
    ).toBeUndefined();
    expect(reg(dave.cold, NETUID, dave.hot.address)).toBe('subtensorModule.SubNetRegistrationDisabled');
    expect(
      c.sudo('AdminUtils', 'sudo_set_network_registration_allowed', {
        netuid: NETUID,
        registration_allowed: true,
      }),
    ).toBeUndefined();
  });

  it('stakes and unstakes through the pool and the share pool, visible in TotalHotkeyAlpha and Alpha', () => {
    const { bob, charlie } = c.keys;
    // No emission into the pool while staking (a subnet closed to registration gets none): exact figures.
    expect(
      c.sudo('AdminUtils', 'sudo_set_network_registration_allowed', {
        netuid: NETUID,
        registration_allowed: false,
      }),
    ).toBeUndefined();
    const before = freeOf(c, bob.cold);
    const total = TotalStake.get(c.view);
    const pool = SubnetTAO.get(c.view, NETUID);
    expect(
      c.run(bob.cold, 'SubtensorModule', 'add_stake', {
        hotkey: bob.hot.address,
        netuid: NETUID,
        amount_staked: 500n * TAO,
      }),
    ).toBeUndefined();
    // Dynamic TAO: 500 TAO buy alpha through the pool (less than 500 alpha: price ≥ 1 and slippage).
    const added = c.events().find((e) => e.method === 'StakeAdded')!.data;
    const [tao, alpha, netuid, fee] = added.slice(2).map((d: { toString(): string }) => BigInt(d.toString()));
    expect([tao, netuid]).toEqual([500n * TAO, BigInt(NETUID)]);
    expect(alpha).toBeLessThan(500n * TAO);
    expect(fee).toBeGreaterThan(0n);
    expect(TotalHotkeyAlpha.get(c.view, bob.hot.publicKey, NETUID)).toBe(alpha);
    expect(Alpha.get(c.view, bob.hot.publicKey, bob.cold.publicKey, NETUID).bits).toBe(alpha! << 64n);
    // The pool keeps the TAO less the (burned) fee; TotalStake counts the pools' TAO.
    expect(SubnetTAO.get(c.view, NETUID) - pool).toBe(500n * TAO - fee!);
    expect(TotalStake.get(c.view) - total).toBe(500n * TAO - fee!);
    expect(before - freeOf(c, bob.cold)).toBeGreaterThanOrEqual(500n * TAO);
    // A nominator (Charlie's coldkey) on Bob's hotkey.
    expect(
      c.run(charlie.cold, 'SubtensorModule', 'add_stake', {
        hotkey: bob.hot.address,
        netuid: NETUID,
        amount_staked: 100n * TAO,
      }),
    ).toBeUndefined();
    const charlieAlpha = BigInt(
      c
        .events()
        .find((e) => e.method === 'StakeAdded')!
        .data[3]!.toString(),
    );
    expect(stakeOf(c.view, bob.hot.publicKey, charlie.cold.publicKey, NETUID)).toBe(charlieAlpha);
    const out = charlieAlpha / 3n;
    expect(
      c.run(charlie.cold, 'SubtensorModule', 'remove_stake', {
        hotkey: bob.hot.address,
        netuid: NETUID,
        amount_unstaked: out,
      }),
    ).toBeUndefined();
    expect(stakeOf(c.view, bob.hot.publicKey, charlie.cold.publicKey, NETUID)).toBe(charlieAlpha - out);
    expect(TotalHotkeyAlpha.get(c.view, bob.hot.publicKey, NETUID)).toBe(alpha! + charlieAlpha - out);
    const removed = c.events().find((e) => e.method === 'StakeRemoved')!.data;
    // Sold alpha (less the fee) and the TAO paid for it.
    expect(BigInt(removed[3]!.toString())).toBeLessThan(out);
    expect(BigInt(removed[2]!.toString())).toBeGreaterThan(0n);
  });

  it('returns subtensor errors for bad stake operations', () => {
    const { bob, charlie, eve } = c.keys;
    const add = (amount: bigint, hotkey = bob.hot.address, netuid = NETUID) =>
      c.run(charlie.cold, 'SubtensorModule', 'add_stake', { hotkey, netuid, amount_staked: amount });
    expect(add(TAO, bob.hot.address, 7)).toBe('subtensorModule.SubnetNotExists');
    expect(add(1000n)).toBe('subtensorModule.AmountTooLow');
    // More than 1000× the pool's TAO is refused before the balance check (subtensor's order).
    expect(add(10_000_000n * TAO)).toBe('subtensorModule.InsufficientLiquidity');
    expect(add(1_500_000n * TAO)).toBe('subtensorModule.NotEnoughBalanceToStake');
    expect(add(TAO, eve.hot.address)).toBe('subtensorModule.HotKeyAccountNotExists');
    // remove_stake caps the amount at the stake held; the limit variant refuses more than held.
    const held = stakeOf(c.view, bob.hot.publicKey, charlie.cold.publicKey, NETUID);
    expect(
      c.run(charlie.cold, 'SubtensorModule', 'remove_stake_limit', {
        hotkey: bob.hot.address,
        netuid: NETUID,
        amount_unstaked: held + 1n,
        limit_price: 0n,
        allow_partial: false,
      }),
    ).toBe('subtensorModule.NotEnoughStakeToWithdraw');
    expect(
      c.sudo('AdminUtils', 'sudo_set_network_registration_allowed', {
        netuid: NETUID,
        registration_allowed: true,
      }),
    ).toBeUndefined();
  });

  it('serves axons and prometheus endpoints with subtensor validation and rate limit', () => {
    const { charlie, eve } = c.keys;
    const axon = (pair: typeof charlie.hot, over: Record<string, unknown> = {}) =>
      c.run(pair, 'SubtensorModule', 'serve_axon', {
        netuid: NETUID,
        version: 1,
        ip: 0x7f000001,
        port: 8091,
        ip_type: 4,
        protocol: 0,
        placeholder1: 0,
        placeholder2: 0,
        ...over,
      });
    // Fee-free: the pool refuses bad endpoints with subtensor's custom codes (never included).
    expect(axon(eve.hot)).toBe('invalid.Custom(10)'); // HotKeyNotRegisteredInNetwork
    expect(axon(charlie.hot, { ip_type: 5 })).toBe('invalid.Custom(28)'); // InvalidIpType
    expect(axon(charlie.hot, { ip: 0 })).toBe('invalid.Custom(11)'); // InvalidIpAddress
    expect(axon(charlie.hot, { ip: 2n ** 32n })).toBe('invalid.Custom(11)');
    expect(axon(charlie.hot, { port: 0 })).toBe('invalid.Custom(13)'); // InvalidPort
    expect(axon(charlie.hot)).toBeUndefined();
    const stored = Axons.tryGet(c.view, NETUID, charlie.hot.publicKey)!;
    expect(stored).toMatchObject({
      block: BigInt(c.best),
      ip: 0x7f000001n,
      port: 8091,
      ip_type: 4,
      version: 1,
    });
    expect(c.events().find((e) => e.method === 'AxonServed')?.data).toEqual([NETUID, charlie.hot.address]);
    // ServingRateLimit (50 blocks by default).
    expect(axon(charlie.hot, { port: 9000 })).toBe('invalid.Custom(12)'); // ServingRateLimitExceeded
    expect(
      c.run(charlie.hot, 'SubtensorModule', 'serve_prometheus', {
        netuid: NETUID,
        version: 2,
        ip: 0x0a000001,
        port: 7000,
        ip_type: 4,
      }),
    ).toBeUndefined();
    expect(Prometheus.tryGet(c.view, NETUID, charlie.hot.publicKey)?.port).toBe(7000);
  });

  it('replaces the lowest-emission neuron outside immunity when the subnet is full', () => {
    const { alice, dave, eve } = c.keys;
    const bobStake = TotalHotkeyAlpha.get(c.view, c.keys.bob.hot.publicKey, NETUID);
    expect(
      c.sudo('AdminUtils', 'sudo_set_max_allowed_uids', { netuid: NETUID, max_allowed_uids: 3 }),
    ).toBeUndefined();
    // Everyone is immune (ImmunityPeriod 5000 on a new subnet).
    expect(
      c.run(dave.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: dave.hot.address }),
    ).toBe('subtensorModule.NoNeuronIdAvailable');
    expect(
      c.sudo('AdminUtils', 'sudo_set_immunity_period', { netuid: NETUID, immunity_period: 0 }),
    ).toBeUndefined();
    // Give uid 2 a weights row so that we can see it cleared.
    const charlieHot = c.keys.charlie.hot.publicKey;
    expect(Uids.get(c.view, NETUID, charlieHot)).toBe(2);
    expect(
      c.run(dave.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: dave.hot.address }),
    ).toBeUndefined();
    // Emission is 0 everywhere: the earliest registered non-owner neuron (uid 1, Bob) is replaced.
    expect(Keys.get(c.view, NETUID, 1)).toEqual(dave.hot.publicKey);
    expect(Uids.tryGet(c.view, NETUID, c.keys.bob.hot.publicKey)).toBeUndefined();
    expect(Weights.get(c.view, NETUID, 1)).toEqual([]);
    expect(SubnetworkN.get(c.view, NETUID)).toBe(3);
    // The owner's hotkey is never pruned.
    expect(Keys.get(c.view, NETUID, 0)).toEqual(alice.hot.publicKey);
    // The pruned hotkey keeps its stake.
    expect(TotalHotkeyAlpha.get(c.view, c.keys.bob.hot.publicKey, NETUID)).toBe(bobStake);
    void eve;
  });
});
