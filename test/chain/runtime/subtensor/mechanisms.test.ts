/**
 * Mechanism weights: mechanism 0 of `set/commit/reveal_mechanism_weights` is the plain call (same
 * storage, events and errors); another mechanism lives under `mecid·4096 + netuid`; a mechanism id at or
 * above the subnet's `MechanismCountCurrent` fails with `MechanismDoesNotExist`.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { beforeAll, describe, expect, it } from 'vitest';
import { storageIndex } from '../../../../chain/runtime/pallets/subtensor/mechanisms.js';
import { currentEpoch } from '../../../../chain/runtime/pallets/subtensor/neurons.js';
import {
  LastUpdate,
  MechanismCountCurrent,
  WeightCommits,
  Weights,
} from '../../../../chain/runtime/pallets/subtensor/storage.js';
import { MaxMechanismCount } from '../../../../chain/runtime/pallets/subtensor/storage-weights.js';
import { commitHash } from '../../../../chain/runtime/pallets/subtensor/weights.js';
import { call } from '../helpers.js';
import { type BeaconChain, beaconChain, NETUID } from './timelock-helpers.js';

describe('SubtensorModule mechanism weights', () => {
  let c: BeaconChain;
  const run = (pair: KeyringPair, method: string, args: Record<string, unknown>) =>
    c.run(pair, 'SubtensorModule', method, args);
  /** Inside `Utility.batch_all`: past the pool, so the dispatch's own error comes back. */
  const dispatch = (pair: KeyringPair, method: string, args: Record<string, unknown>) =>
    c.run(pair, 'Utility', 'batch_all', { calls: [call(c, 'SubtensorModule', method, args)] });
  const crEnabled = (enabled: boolean) =>
    expect(
      c.sudo('AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid: NETUID, enabled }),
    ).toBeUndefined();
  const lastEvent = (method: string) => c.events().find((e) => e.method === method)?.data;

  beforeAll(async () => {
    c = await beaconChain();
    c.pulses = false; // no timelock here
  });

  it('storage index is mecid·4096 + netuid; two mechanisms at most by default', () => {
    expect(storageIndex(NETUID, 0)).toBe(NETUID);
    expect(storageIndex(NETUID, 1)).toBe(4097);
    expect(storageIndex(7, 2)).toBe(8199);
    expect(MechanismCountCurrent.get(c.view, NETUID)).toBe(1);
    expect(MaxMechanismCount.get(c.view)).toBe(2);
  });

  it('set_mechanism_weights on mechanism 0 is set_weights', () => {
    const { bob } = c.keys;
    crEnabled(false);
    expect(
      run(bob.hot, 'set_weights', { netuid: NETUID, dests: [2, 3], weights: [1, 3], version_key: 0 }),
    ).toBe(undefined);
    const viaPlain = { row: Weights.get(c.view, NETUID, 1), event: lastEvent('WeightsSet') };
    expect(viaPlain.row).toEqual([
      [2, 21845],
      [3, 65535],
    ]);
    expect(LastUpdate.get(c.view, NETUID)[1]).toBe(BigInt(c.best));
    expect(
      run(bob.hot, 'set_mechanism_weights', {
        netuid: NETUID,
        mecid: 0,
        dests: [2, 3],
        weights: [1, 3],
        version_key: 0,
      }),
    ).toBeUndefined();
    expect({ row: Weights.get(c.view, NETUID, 1), event: lastEvent('WeightsSet') }).toEqual(viaPlain);
    expect(LastUpdate.get(c.view, NETUID)[1]).toBe(BigInt(c.best));
    // And the same errors: duplicate uids, through the dispatch.
    const dup = { netuid: NETUID, dests: [2, 2], weights: [1, 1], version_key: 0 };
    expect(dispatch(bob.hot, 'set_weights', dup)).toBe('subtensorModule.DuplicateUids');
    expect(dispatch(bob.hot, 'set_mechanism_weights', { ...dup, mecid: 0 })).toBe(
      'subtensorModule.DuplicateUids',
    );
    crEnabled(true);
    expect(run(bob.hot, 'set_mechanism_weights', { ...dup, mecid: 0 })).toBe('invalid.Custom(25)'); // CommitRevealEnabled
  });

  it('a mechanism id at or above the count fails with MechanismDoesNotExist', () => {
    const { bob } = c.keys;
    const hash = u8aToHex(new Uint8Array(32).fill(1));
    const calls: Array<[string, Record<string, unknown>]> = [
      ['set_mechanism_weights', { netuid: NETUID, mecid: 1, dests: [2], weights: [1], version_key: 0 }],
      ['commit_mechanism_weights', { netuid: NETUID, mecid: 1, commit_hash: hash }],
      [
        'commit_timelocked_mechanism_weights',
        {
          netuid: NETUID,
          mecid: 1,
          commit: u8aToHex(new Uint8Array(100)),
          reveal_round: c.lastRound() + 1000n,
          commit_reveal_version: 4,
        },
      ],
    ];
    crEnabled(false);
    expect(dispatch(bob.hot, calls[0]![0], calls[0]![1])).toBe('subtensorModule.MechanismDoesNotExist');
    expect(run(bob.hot, calls[0]![0], calls[0]![1])).toBe('invalid.Custom(255)'); // BadRequest
    crEnabled(true);
    for (const [method, args] of calls.slice(1)) {
      expect(dispatch(bob.hot, method, args)).toBe('subtensorModule.MechanismDoesNotExist');
      expect(run(bob.hot, method, args)).toBe('invalid.Custom(255)');
    }
  });

  it('AdminUtils sets the mechanism count with subtensor checks', () => {
    const setCount = (mechanism_count: number) =>
      c.sudo('AdminUtils', 'sudo_set_mechanism_count', { netuid: NETUID, mechanism_count });
    // 256 uids × 2 mechanisms is over the 256-uid budget.
    expect(setCount(2)).toBe('subtensorModule.TooManyUIDsPerMechanism');
    expect(c.sudo('AdminUtils', 'sudo_set_max_allowed_uids', { netuid: NETUID, max_allowed_uids: 128 })).toBe(
      undefined,
    );
    expect(setCount(0)).toBe('subtensorModule.InvalidValue');
    expect(setCount(3)).toBe('subtensorModule.InvalidValue'); // over MaxMechanismCount (2)
    expect(setCount(2)).toBeUndefined();
    expect(MechanismCountCurrent.get(c.view, NETUID)).toBe(2);
  });

  it('a second mechanism keeps its own weights, last update and commits', () => {
    const { bob } = c.keys;
    const mech0 = Weights.get(c.view, NETUID, 1);
    crEnabled(false);
    expect(
      run(bob.hot, 'set_mechanism_weights', {
        netuid: NETUID,
        mecid: 1,
        dests: [3],
        weights: [9],
        version_key: 0,
      }),
    ).toBeUndefined();
    expect(Weights.get(c.view, 4097, 1)).toEqual([[3, 65535]]);
    expect(LastUpdate.get(c.view, 4097)[1]).toBe(BigInt(c.best));
    expect(lastEvent('WeightsSet')).toEqual([4097, 1]);
    expect(Weights.get(c.view, NETUID, 1)).toEqual(mech0);

    // Hash commit-reveal on mechanism 1: the hash covers the storage index, the reveal sets its weights.
    crEnabled(true);
    const [uids, values, salt] = [[2], [4], [1, 2]];
    const hash = commitHash(bob.hot.publicKey, 4097, uids, values, salt, 0n);
    while (currentEpoch(c.view, NETUID, c.best + 1) === currentEpoch(c.view, NETUID, c.best)) c.produce([]);
    expect(
      run(bob.hot, 'commit_mechanism_weights', { netuid: NETUID, mecid: 1, commit_hash: u8aToHex(hash) }),
    ).toBeUndefined();
    expect(lastEvent('WeightsCommitted')).toEqual([bob.hot.address, 4097, u8aToHex(hash)]);
    expect(WeightCommits.tryGet(c.view, 4097, bob.hot.publicKey)).toHaveLength(1);
    expect(WeightCommits.tryGet(c.view, NETUID, bob.hot.publicKey)).toBeUndefined();
    const epoch = currentEpoch(c.view, NETUID, c.best);
    while (currentEpoch(c.view, NETUID, c.best + 1) < epoch + 1n) c.produce([]);
    const reveal = { netuid: NETUID, uids, values, salt, version_key: 0 };
    // The same reveal on mechanism 0 names no commit there.
    expect(run(bob.hot, 'reveal_mechanism_weights', { ...reveal, mecid: 0 })).toBe('invalid.Custom(16)');
    expect(run(bob.hot, 'reveal_mechanism_weights', { ...reveal, mecid: 1 })).toBeUndefined();
    expect(Weights.get(c.view, 4097, 1)).toEqual([[2, 65535]]);
    expect(lastEvent('WeightsRevealed')).toEqual([bob.hot.address, 4097, u8aToHex(hash)]);
    expect(Weights.get(c.view, NETUID, 1)).toEqual(mech0);

    // Back to one mechanism: mechanism 1's storage goes, mechanism 0's stays.
    expect(c.sudo('AdminUtils', 'sudo_set_mechanism_count', { netuid: NETUID, mechanism_count: 1 })).toBe(
      undefined,
    );
    expect(Weights.tryGet(c.view, 4097, 1)).toBeUndefined();
    expect(LastUpdate.tryGet(c.view, 4097)).toBeUndefined();
    expect(Weights.get(c.view, NETUID, 1)).toEqual(mech0);
  });

  it('AdminUtils sets the commit-reveal version that timelocked commits must name', () => {
    const { bob } = c.keys;
    expect(c.sudo('AdminUtils', 'sudo_set_commit_reveal_version', { version: 5 })).toBeUndefined();
    expect(lastEvent('CommitRevealVersionSet')).toEqual([5]);
    const args = {
      netuid: NETUID,
      commit: u8aToHex(new Uint8Array(100)),
      reveal_round: c.lastRound() + 1000n,
      commit_reveal_version: 4,
    };
    expect(dispatch(bob.hot, 'commit_timelocked_weights', args)).toBe(
      'subtensorModule.IncorrectCommitRevealVersion',
    );
    expect(
      dispatch(bob.hot, 'commit_timelocked_weights', { ...args, commit_reveal_version: 5 }),
    ).toBeUndefined();
  });
});
