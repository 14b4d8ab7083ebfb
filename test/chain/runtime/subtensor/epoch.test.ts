/**
 * The coinbase: block emission (halving by issuance), pending alpha per subnet, the Yuma epoch every
 * tempo with its outputs written back exactly as `runEpoch` computes them, emission paid as stake, and
 * the runtime APIs that expose the result.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { blockEmission, epochInput } from '../../../../chain/runtime/pallets/subtensor/coinbase.js';
import { isEpochBlock } from '../../../../chain/runtime/pallets/subtensor/neurons.js';
import {
  Active,
  BlockEmission,
  Bonds,
  Consensus,
  Dividends,
  Emission,
  Incentive,
  LastMechansimStepBlock,
  PendingOwnerCut,
  PendingServerEmission,
  PendingValidatorEmission,
  StakeWeight,
  SubnetOwnerCut,
  Tempo,
  TotalHotkeyAlpha,
  ValidatorPermit,
  ValidatorTrust,
} from '../../../../chain/runtime/pallets/subtensor/storage.js';
import { SubnetProtocolAlpha } from '../../../../chain/runtime/pallets/subtensor/storage-emission.js';
import { SubnetAlphaOut } from '../../../../chain/runtime/pallets/subtensor/storage-pools.js';
import { runEpoch } from '../../../../chain/yuma/index.js';
import { type Json, type SubnetChain, subnetChain, TAO } from './helpers.js';

const NETUID = 1;

describe('block emission', () => {
  it('is 1 TAO per block, halving each time the remaining supply halves, 0 at 21M TAO', () => {
    const supply = 21_000_000n * TAO;
    expect(blockEmission(0n)).toBe(TAO);
    expect(blockEmission(supply / 2n - 1n)).toBe(TAO);
    expect(blockEmission(supply / 2n)).toBe(TAO / 2n);
    expect(blockEmission((supply * 3n) / 4n)).toBe(TAO / 4n);
    expect(blockEmission(supply - 1n)).toBeLessThan(TAO / 1_000_000n);
    expect(blockEmission(supply)).toBe(0n);
  });
});

describe('SubtensorModule epochs and emission', () => {
  let c: SubnetChain;
  const { hot } = { hot: (name: 'alice' | 'bob' | 'charlie' | 'dave') => c.keys[name].hot.publicKey };
  const stakeOf = (name: 'alice' | 'bob' | 'charlie' | 'dave') =>
    TotalHotkeyAlpha.get(c.view, hot(name), NETUID);

  beforeAll(async () => {
    c = await subnetChain();
    const { alice, bob, charlie, dave } = c.keys;
    expect(
      c.run(alice.cold, 'SubtensorModule', 'register_network', { hotkey: alice.hot.address }),
    ).toBeUndefined();
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 0 })).toBeUndefined();
    expect(
      c.runMany([
        [bob.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: bob.hot.address }],
        [charlie.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: charlie.hot.address }],
        [dave.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: dave.hot.address }],
        [
          bob.cold,
          'SubtensorModule',
          'add_stake',
          { hotkey: bob.hot.address, netuid: NETUID, amount_staked: 1000n * TAO },
        ],
      ]),
    ).toEqual([undefined, undefined, undefined, undefined]);
    expect(
      c.sudo('AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid: NETUID, enabled: false }),
    ).toBeUndefined();
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 0 }),
    ).toBeUndefined();
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 10 })).toBeUndefined();
  });

  it('accumulates pending alpha every block: the 18 % owner cut, the rest split in half (U96F32)', () => {
    const before = {
      owner: PendingOwnerCut.get(c.view, NETUID),
      server: PendingServerEmission.get(c.view, NETUID),
      validator: PendingValidatorEmission.get(c.view, NETUID),
    };
    // A block that is not an epoch block.
    if (isEpochBlock(NETUID, Tempo.get(c.view, NETUID), c.best + 1)) c.produce([]);
    c.produce([]);
    expect(BlockEmission.get(c.view)).toBe(TAO);
    // 1 alpha out: cut ⌊1e9 · ⌊11796·2^32/65535⌋ / 2^32⌋, the rest (820 004 577.65) halved, truncated.
    expect(SubnetOwnerCut.get(c.view)).toBe(11_796);
    expect(PendingOwnerCut.get(c.view, NETUID) - before.owner).toBe(179_995_422n);
    expect(PendingServerEmission.get(c.view, NETUID) - before.server).toBe(410_002_288n);
    expect(PendingValidatorEmission.get(c.view, NETUID) - before.validator).toBe(410_002_288n);
  });

  it('runs the epoch every tempo blocks and hands out validator permits', () => {
    const at = c.runEpoch(NETUID);
    expect(isEpochBlock(NETUID, 10, at)).toBe(true);
    expect(LastMechansimStepBlock.get(c.view, NETUID)).toBe(BigInt(at));
    expect(PendingServerEmission.get(c.view, NETUID)).toBe(0n);
    expect(ValidatorPermit.get(c.view, NETUID)).toEqual([true, true, false, false]);
    expect(c.events().some((e) => e.method === 'IncentiveAlphaEmittedToMiners')).toBe(true);
  });

  it('writes runEpoch outputs back and pays incentive, dividends and the owner cut as stake', () => {
    expect(
      c.run(c.keys.bob.hot, 'SubtensorModule', 'set_weights', {
        netuid: NETUID,
        dests: [2, 3],
        weights: [1, 3],
        version_key: 0,
      }),
    ).toBeUndefined();
    const tempo = Tempo.get(c.view, NETUID);
    let next = c.best + 1;
    while (!isEpochBlock(NETUID, tempo, next)) next++;
    c.advanceTo(next - 1);
    // What the epoch block will distribute: pending so far plus its own block's accrual.
    const rao =
      PendingServerEmission.get(c.view, NETUID) + PendingValidatorEmission.get(c.view, NETUID) + 820_004_576n;
    const ownerCut = PendingOwnerCut.get(c.view, NETUID) + 179_995_422n;
    const validatorPot = PendingValidatorEmission.get(c.view, NETUID) + 410_002_288n;
    const expected = runEpoch(epochInput(c.view, NETUID, next, rao));
    const before = {
      alice: stakeOf('alice'),
      bob: stakeOf('bob'),
      charlie: stakeOf('charlie'),
      dave: stakeOf('dave'),
    };
    const alphaOut = SubnetAlphaOut.get(c.view, NETUID);
    const protocol = SubnetProtocolAlpha.get(c.view, NETUID);
    c.produce([]);

    expect(Incentive.get(c.view, NETUID)).toEqual(expected.incentive);
    expect(Dividends.get(c.view, NETUID)).toEqual(expected.dividends);
    expect(Consensus.get(c.view, NETUID)).toEqual(expected.consensus);
    expect(ValidatorTrust.get(c.view, NETUID)).toEqual(expected.validatorTrust);
    expect(StakeWeight.get(c.view, NETUID)).toEqual(expected.stakeWeight);
    expect(Active.get(c.view, NETUID)).toEqual(expected.active);
    expect(Emission.get(c.view, NETUID)).toEqual(expected.emission);
    expect(Bonds.get(c.view, NETUID, 1)).toEqual(
      Array.from(expected.bonds[1]!.uids, (u, k) => [u, expected.bonds[1]!.values[k]]),
    );

    // The miner weighted 3x gets more incentive; the validator earns dividends.
    const incentive = Incentive.get(c.view, NETUID);
    expect(incentive[3]).toBeGreaterThan(incentive[2]!);
    expect(incentive[2]).toBeGreaterThan(0);
    expect(Dividends.get(c.view, NETUID)[1]).toBeGreaterThan(0);
    const emitted = Emission.get(c.view, NETUID).reduce((a, b) => a + b, 0n);
    expect(emitted).toBeLessThanOrEqual(rao);
    expect(emitted).toBeGreaterThan(rao - 10n);

    // Paid as stake: miners by incentive, the owner's hotkey the cut, and the only validator (Bob) the
    // whole validator pot (its 18 % take and the rest both land on its hotkey; U96F32 leaves ≤ 1 rao).
    expect(stakeOf('charlie') - before.charlie).toBe(expected.serverEmission[2]);
    expect(stakeOf('dave') - before.dave).toBe(expected.serverEmission[3]);
    const bobGain = stakeOf('bob') - before.bob;
    expect(bobGain <= validatorPot && bobGain >= validatorPot - 1n).toBe(true);
    expect(stakeOf('alice') - before.alice).toBe(ownerCut);
    // dTAO: emission is alpha; the payout leaves SubnetAlphaOut as the block's alpha out and chain buy made it.
    expect(SubnetAlphaOut.get(c.view, NETUID) - alphaOut).toBe(
      TAO + SubnetProtocolAlpha.get(c.view, NETUID) - protocol,
    );
    const ev = c.events().find((e) => e.method === 'IncentiveAlphaEmittedToMiners');
    expect(ev?.data).toEqual([NETUID, expected.serverEmission.map(Number)]);
  });

  it('serves NeuronInfoRuntimeApi and SubnetInfoRuntimeApi with subtensor layouts', () => {
    const neurons = c.api('NeuronInfoRuntimeApi', 'get_neurons_lite', NETUID).toJSON() as Json[];
    expect(neurons.map((n) => n.uid)).toEqual([0, 1, 2, 3]);
    expect(neurons[1]!.hotkey).toBe(c.keys.bob.hot.address);
    expect(neurons[1]!.coldkey).toBe(c.keys.bob.cold.address);
    expect(neurons.map((n) => n.incentive)).toEqual(Incentive.get(c.view, NETUID));
    expect(neurons.map((n) => BigInt(n.emission))).toEqual(Emission.get(c.view, NETUID));
    expect(neurons.map((n) => n.validatorPermit)).toEqual(ValidatorPermit.get(c.view, NETUID));
    expect(neurons[1]!.stake).toEqual([[c.keys.bob.cold.address, Number(stakeOf('bob'))]]);
    expect(neurons[0]!.pruningScore).toBe(65535);
    const one = c.api('NeuronInfoRuntimeApi', 'get_neuron_lite', NETUID, 3).toJSON() as Json;
    expect(one.hotkey).toBe(c.keys.dave.hot.address);
    expect(c.api('NeuronInfoRuntimeApi', 'get_neuron_lite', NETUID, 9).toJSON()).toBeNull();
    const full = c.api('NeuronInfoRuntimeApi', 'get_neuron', NETUID, 1).toJSON() as Json;
    expect(full.weights).toEqual([
      [2, 21845],
      [3, 65535],
    ]);
    const hp = c.api('SubnetInfoRuntimeApi', 'get_subnet_hyperparams_v2', NETUID).toJSON() as Json;
    expect(hp).toMatchObject({
      tempo: 10,
      kappa: 32767,
      yumaVersion: 3,
      commitRevealWeightsEnabled: false,
      maxValidators: 64,
    });
    expect(BigInt(hp.alphaSigmoidSteepness.bits ?? hp.alphaSigmoidSteepness)).toBe(1000n << 32n);
    expect(c.api('SubnetInfoRuntimeApi', 'get_subnet_hyperparams_v2', 42).toJSON()).toBeNull();
  });
});
