/**
 * set_weights checks in subtensor's order (each error by name, through the dispatch), the pool's checks
 * (subtensor's custom transaction errors), max-upscaled storage, and hash commit-reveal with its epoch
 * window, expiry and limits.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentEpoch } from '../../../../chain/runtime/pallets/subtensor/neurons.js';
import {
  CommitRevealWeightsEnabled,
  LastUpdate,
  MaxWeightsLimit,
  ValidatorPermit,
  WeightCommits,
  Weights,
} from '../../../../chain/runtime/pallets/subtensor/storage.js';
import { Overlay } from '../../../../chain/runtime/storage.js';
import { call } from '../helpers.js';
import { type SubnetChain, subnetChain, TAO } from './helpers.js';

const NETUID = 1;

describe('SubtensorModule weights', () => {
  let c: SubnetChain;
  const setWeights = (
    pair: KeyringPair,
    dests: number[],
    weights: number[],
    version_key = 0,
    netuid = NETUID,
  ) => c.run(pair, 'SubtensorModule', 'set_weights', { netuid, dests, weights, version_key });
  /**
   * The same call nested in `Utility.batch_all` (which pays fees): the pool checks only top-level calls,
   * so this reaches the dispatch and its own checks, whose errors come back by name.
   */
  const dispatchSetWeights = (
    pair: KeyringPair,
    dests: number[],
    weights: number[],
    version_key = 0,
    netuid = NETUID,
  ) =>
    c.run(pair, 'Utility', 'batch_all', {
      calls: [call(c, 'SubtensorModule', 'set_weights', { netuid, dests, weights, version_key })],
    });
  /** Writes a storage value directly (for items without a setter call). */
  const poke = (write: (o: Overlay) => void) => {
    const o = new Overlay(c.view);
    write(o);
    for (const [k, v] of o.changes()) {
      if (v === null) c.state.delete(k);
      else c.state.set(k, v);
    }
  };

  beforeAll(async () => {
    c = await subnetChain();
    const { alice, bob, charlie, dave } = c.keys;
    expect(
      c.run(alice.cold, 'SubtensorModule', 'register_network', { hotkey: alice.hot.address }),
    ).toBeUndefined();
    // Epochs start when a test says so.
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 0 })).toBeUndefined();
    const errs = c.runMany([
      [bob.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: bob.hot.address }],
      [charlie.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: charlie.hot.address }],
      [dave.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: dave.hot.address }],
    ]);
    expect(errs).toEqual([undefined, undefined, undefined]);
    expect(
      c.run(bob.cold, 'SubtensorModule', 'add_stake', {
        hotkey: bob.hot.address,
        netuid: NETUID,
        amount_staked: 1000n * TAO,
      }),
    ).toBeUndefined();
  });

  it('refuses set_weights while commit-reveal is enabled (the default)', () => {
    // The pool refuses it (Custom 25, CommitRevealEnabled); the dispatch would too.
    expect(setWeights(c.keys.bob.hot, [2], [1])).toBe('invalid.Custom(25)');
    expect(dispatchSetWeights(c.keys.bob.hot, [2], [1])).toBe('subtensorModule.CommitRevealEnabled');
    expect(
      c.sudo('AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid: NETUID, enabled: false }),
    ).toBeUndefined();
  });

  it('needs a validator permit for weights on others (self-weight is always allowed)', () => {
    const { bob } = c.keys;
    // LastUpdate starts at the registration block: the rate limit would hold the first weights back.
    expect(setWeights(bob.hot, [1], [5])).toBe('invalid.Custom(6)'); // RateLimitExceeded
    expect(dispatchSetWeights(bob.hot, [1], [5])).toBe('subtensorModule.SettingWeightsTooFast');
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 0 }),
    ).toBeUndefined();
    expect(setWeights(bob.hot, [2, 3], [1, 3])).toBe('subtensorModule.NeuronNoValidatorPermit');
    expect(setWeights(bob.hot, [1], [5])).toBeUndefined();
    expect(Weights.get(c.view, NETUID, 1)).toEqual([[1, 65535]]);
    // The first epoch hands out permits by stake (Bob) and to the owner's uid 0.
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 10 })).toBeUndefined();
    c.runEpoch(NETUID);
    expect(ValidatorPermit.get(c.view, NETUID)).toEqual([true, true, false, false]);
  });

  it('stores weights max-upscaled, updates LastUpdate and emits WeightsSet', () => {
    const { bob } = c.keys;
    expect(setWeights(bob.hot, [2, 3], [1, 3])).toBeUndefined();
    expect(Weights.get(c.view, NETUID, 1)).toEqual([
      [2, 21845],
      [3, 65535],
    ]);
    expect(LastUpdate.get(c.view, NETUID)[1]).toBe(BigInt(c.best));
    expect(c.events().find((e) => e.method === 'WeightsSet')?.data).toEqual([NETUID, 1]);
  });

  it('the dispatch returns each set_weights error in subtensor order', () => {
    const { bob, charlie, eve } = c.keys;
    expect(dispatchSetWeights(bob.hot, [2], [1], 0, 0)).toBe('subtensorModule.CommitRevealEnabled');
    poke((o) => CommitRevealWeightsEnabled.put(o, false, 0));
    expect(dispatchSetWeights(bob.hot, [2], [1], 0, 0)).toBe('subtensorModule.CanNotSetRootNetworkWeights');
    expect(dispatchSetWeights(bob.hot, [2, 3], [1])).toBe('subtensorModule.WeightVecNotEqualSize');
    expect(dispatchSetWeights(bob.hot, [0, 1, 2, 3, 4], [1, 1, 1, 1, 1])).toBe(
      'subtensorModule.UidsLengthExceedUidsInSubNet',
    );
    expect(dispatchSetWeights(eve.hot, [2], [1])).toBe('subtensorModule.HotKeyNotRegisteredInSubNet');
    expect(c.sudo('AdminUtils', 'sudo_set_stake_threshold', { min_stake: 2000n * TAO })).toBeUndefined();
    expect(dispatchSetWeights(bob.hot, [2], [1])).toBe('subtensorModule.NotEnoughStakeToSetWeights');
    expect(c.sudo('AdminUtils', 'sudo_set_stake_threshold', { min_stake: 0 })).toBeUndefined();
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_version_key', { netuid: NETUID, weights_version_key: 5 }),
    ).toBeUndefined();
    expect(dispatchSetWeights(bob.hot, [2], [1], 4)).toBe('subtensorModule.IncorrectWeightVersionKey');
    expect(dispatchSetWeights(bob.hot, [2], [1], 5)).toBeUndefined();
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', {
        netuid: NETUID,
        weights_set_rate_limit: 100,
      }),
    ).toBeUndefined();
    expect(dispatchSetWeights(bob.hot, [2], [1], 5)).toBe('subtensorModule.SettingWeightsTooFast');
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 0 }),
    ).toBeUndefined();
    expect(dispatchSetWeights(charlie.hot, [3], [1], 5)).toBe('subtensorModule.NeuronNoValidatorPermit');
    expect(dispatchSetWeights(bob.hot, [2, 2], [1, 1], 5)).toBe('subtensorModule.DuplicateUids');
    expect(dispatchSetWeights(bob.hot, [2, 9], [1, 1], 5)).toBe('subtensorModule.UidVecContainInvalidOne');
    expect(
      c.sudo('AdminUtils', 'sudo_set_min_allowed_weights', { netuid: NETUID, min_allowed_weights: 3 }),
    ).toBeUndefined();
    expect(dispatchSetWeights(bob.hot, [2], [1], 5)).toBe('subtensorModule.WeightVecLengthIsLow');
    expect(dispatchSetWeights(bob.hot, [1], [1], 5)).toBeUndefined(); // a single self-weight is exempt
    poke((o) => MaxWeightsLimit.put(o, 40_000, NETUID));
    expect(dispatchSetWeights(bob.hot, [0, 2, 3], [1, 1, 8], 5)).toBe('subtensorModule.MaxWeightExceeded');
    expect(dispatchSetWeights(bob.hot, [0, 2, 3], [1, 1, 1], 5)).toBeUndefined();
    poke((o) => MaxWeightsLimit.put(o, 65_535, NETUID));
    // A failed call leaves storage untouched.
    expect(Weights.get(c.view, NETUID, 1)).toEqual([
      [0, 65535],
      [2, 65535],
      [3, 65535],
    ]);
  });

  it('commit-reveal: hash commit, reveal only in the reveal epoch, expiry and limits', () => {
    const { bob, charlie } = c.keys;
    expect(
      c.run(bob.hot, 'SubtensorModule', 'commit_weights', {
        netuid: NETUID,
        commit_hash: new Uint8Array(32),
      }),
    ).toBe('invalid.Custom(26)'); // CommitRevealDisabled
    expect(
      c.sudo('AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid: NETUID, enabled: true }),
    ).toBeUndefined();
    expect(
      c.sudo('AdminUtils', 'sudo_set_min_allowed_weights', { netuid: NETUID, min_allowed_weights: 1 }),
    ).toBeUndefined();
    const reveal = (uids: number[], values: number[], salt: number[], version_key = 5) =>
      c.run(bob.hot, 'SubtensorModule', 'reveal_weights', {
        netuid: NETUID,
        uids,
        values,
        salt,
        version_key,
      });
    expect(reveal([2], [1], [1])).toBe('invalid.Custom(16)'); // CommitNotFound

    // The commit hash, built independently with polkadot-js types (as subtensor-js-tests does).
    const hashOf = (uids: number[], values: number[], salt: number[], version = 5) =>
      blake2AsU8a(
        c.registry
          .createType('(AccountId, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [
            bob.hot.address,
            NETUID,
            uids,
            values,
            salt,
            version,
          ])
          .toU8a(),
        256,
      );
    const salt = [7, 8, 9];
    const hash = hashOf([2, 3], [10, 30], salt);
    // Commit in the first block of an epoch, so that the next blocks are still in the commit epoch.
    while (currentEpoch(c.view, NETUID, c.best + 1) === currentEpoch(c.view, NETUID, c.best)) c.produce([]);
    expect(
      c.run(bob.hot, 'SubtensorModule', 'commit_weights', { netuid: NETUID, commit_hash: hash }),
    ).toBeUndefined();
    const commitBlock = c.best;
    const commitEpoch = currentEpoch(c.view, NETUID, commitBlock);
    expect(c.events().find((e) => e.method === 'WeightsCommitted')?.data).toEqual([
      bob.hot.address,
      NETUID,
      `0x${Buffer.from(hash).toString('hex')}`,
    ]);
    const stored = WeightCommits.tryGet(c.view, NETUID, bob.hot.publicKey)!;
    expect(stored).toHaveLength(1);
    expect(stored[0]![1]).toBe(BigInt(commitBlock));
    // LastUpdate moves at commit time; with the default rate limit a second commit is too fast.
    expect(LastUpdate.get(c.view, NETUID)[1]).toBe(BigInt(commitBlock));
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', {
        netuid: NETUID,
        weights_set_rate_limit: 100,
      }),
    ).toBeUndefined();
    expect(
      c.run(bob.hot, 'SubtensorModule', 'commit_weights', {
        netuid: NETUID,
        commit_hash: hashOf([2], [1], [1]),
      }),
    ).toBe('invalid.Custom(30)'); // CommittingWeightsTooFast
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 0 }),
    ).toBeUndefined();

    // Same epoch: too early (if we are still in it), wrong salt: no match.
    expect(currentEpoch(c.view, NETUID, c.best + 1)).toBe(commitEpoch);
    expect(reveal([2, 3], [10, 30], salt)).toBe('invalid.Custom(17)'); // CommitBlockNotInRevealRange
    expect(reveal([2, 3], [10, 30], [1, 2, 3])).toBe('invalid.Custom(16)'); // CommitNotFound
    // Move into the reveal epoch (commit epoch + RevealPeriodEpochs = 1).
    while (currentEpoch(c.view, NETUID, c.best + 1) < commitEpoch + 1n) c.produce([]);
    expect(reveal([2, 3], [10, 30], salt)).toBeUndefined();
    expect(Weights.get(c.view, NETUID, 1)).toEqual([
      [2, 21845],
      [3, 65535],
    ]);
    expect(c.events().map((e) => e.method)).toEqual(
      expect.arrayContaining(['WeightsSet', 'WeightsRevealed']),
    );
    expect(WeightCommits.tryGet(c.view, NETUID, bob.hot.publicKey)).toBeUndefined();

    // A commit not revealed in its reveal epoch expires.
    expect(
      c.run(bob.hot, 'SubtensorModule', 'commit_weights', {
        netuid: NETUID,
        commit_hash: hashOf([3], [1], salt),
      }),
    ).toBeUndefined();
    const e2 = currentEpoch(c.view, NETUID, c.best);
    while (currentEpoch(c.view, NETUID, c.best + 1) < e2 + 2n) c.produce([]);
    expect(reveal([3], [1], salt)).toBe('invalid.Custom(17)'); // past its reveal epoch

    // At most 10 unrevealed commits.
    const many = Array.from({ length: 11 }, (_, i) => [
      bob.hot,
      'SubtensorModule',
      'commit_weights',
      { netuid: NETUID, commit_hash: hashOf([2], [i + 1], salt) },
    ]) as Array<[KeyringPair, string, string, Record<string, unknown>]>;
    const results = c.runMany(many);
    expect(results.slice(0, 10)).toEqual(Array(10).fill(undefined));
    // The 11th is refused when the block applies it (the first ten are in its state by then).
    expect(results[10]).toBe('invalid.Custom(31)'); // TooManyUnrevealedCommits
    expect(WeightCommits.tryGet(c.view, NETUID, bob.hot.publicKey)).toHaveLength(10);
    void charlie;
  });
});
