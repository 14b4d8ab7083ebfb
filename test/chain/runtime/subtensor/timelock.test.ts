/**
 * Timelocked commit-reveal on the dev chain: real ciphertexts (timelockEncrypt to the test beacon),
 * real pulses (the beacon's `write_pulse`s in the blocks), the chain decrypting and applying the weights
 * in the reveal epoch once the round's pulse is on chain; and subtensor's errors for bad commits.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { LastStoredRound } from '../../../../chain/runtime/pallets/drand.js';
import { currentEpoch } from '../../../../chain/runtime/pallets/subtensor/neurons.js';
import { CommitRevealWeightsEnabled, Weights } from '../../../../chain/runtime/pallets/subtensor/storage.js';
import {
  CommitRevealWeightsVersion,
  TimelockedWeightCommits,
} from '../../../../chain/runtime/pallets/subtensor/storage-weights.js';
import { earliestActiveCommitBlocks } from '../../../../chain/runtime/pallets/subtensor/weights.js';
import { timelockEncrypt } from '../../../../shared/timelock/index.js';
import { call } from '../helpers.js';
import { BEACON_PUBLIC_KEY, type BeaconChain, beaconChain, NETUID } from './timelock-helpers.js';

describe('SubtensorModule timelocked weights', () => {
  let c: BeaconChain;
  const commit = (pair: KeyringPair, ciphertext: Uint8Array, round: bigint, version = 4) =>
    c.run(pair, 'SubtensorModule', 'commit_timelocked_weights', {
      netuid: NETUID,
      commit: u8aToHex(ciphertext),
      reveal_round: round,
      commit_reveal_version: version,
    });
  /** The same call inside `Utility.batch_all`: past the pool, so the dispatch's own error comes back. */
  const dispatchCommit = (pair: KeyringPair, ciphertext: Uint8Array, round: bigint, version = 4) =>
    c.run(pair, 'Utility', 'batch_all', {
      calls: [
        call(c, 'SubtensorModule', 'commit_timelocked_weights', {
          netuid: NETUID,
          commit: u8aToHex(ciphertext),
          reveal_round: round,
          commit_reveal_version: version,
        }),
      ],
    });
  const epochNow = () => currentEpoch(c.view, NETUID, c.best);
  /** Produces blocks until the next block is the first of a new epoch. */
  const toEpochStart = () => {
    while (currentEpoch(c.view, NETUID, c.best + 1) === epochNow()) c.produce([]);
  };
  const untilEpoch = (epoch: bigint) => {
    while (currentEpoch(c.view, NETUID, c.best + 1) < epoch) c.produce([]);
  };
  const pending = (epoch: bigint) => TimelockedWeightCommits.get(c.view, NETUID, epoch);
  const revealed = () => c.events().filter((e) => e.method === 'TimelockedWeightsRevealed');

  beforeAll(async () => {
    c = await beaconChain();
    c.produce([]);
    expect(c.lastRound()).toBeGreaterThan(0n);
  });

  it('commit-reveal is on and the version is 4 by default, as on finney', () => {
    expect(CommitRevealWeightsEnabled.get(c.view, NETUID)).toBe(true);
    expect(CommitRevealWeightsVersion.get(c.view)).toBe(4);
  });

  it('a commit lands, stays unapplied until its round arrives, then exactly its weights are applied', () => {
    const { bob } = c.keys;
    toEpochStart();
    const before = Weights.get(c.view, NETUID, 1);
    // Hold the beacon back: the round must not be on chain when the reveal epoch starts.
    c.pulses = false;
    const round = c.lastRound() + 2n;
    const ciphertext = c.encrypt(bob.hot, [2, 3], [10, 30], round);
    expect(commit(bob.hot, ciphertext, round)).toBeUndefined();
    const epoch = epochNow();
    const committed = c.events().find((e) => e.method === 'TimelockedWeightsCommitted');
    expect(committed?.data).toEqual([
      bob.hot.address,
      NETUID,
      `0x${Buffer.from(blake2AsU8a(ciphertext, 256)).toString('hex')}`,
      Number(round),
    ]);
    const stored = pending(epoch);
    expect(stored).toHaveLength(1);
    expect(stored[0]![0]).toEqual(bob.hot.publicKey);
    expect(stored[0]![1]).toBe(BigInt(c.best));
    expect(stored[0]![2]).toEqual(ciphertext);
    expect(stored[0]![3]).toBe(round);

    // Into the reveal epoch (commit epoch + RevealPeriodEpochs = 1) without the pulse: it waits.
    untilEpoch(epoch + 1n);
    c.produce([]);
    c.produce([]);
    expect(LastStoredRound.get(c.view)).toBeLessThan(round);
    expect(revealed()).toEqual([]);
    expect(Weights.get(c.view, NETUID, 1)).toEqual(before);
    expect(pending(epoch)).toHaveLength(1);

    // The beacon catches up: its pulses land in one block, the next block reveals.
    c.pulses = true;
    c.produce([]);
    expect(c.lastRound()).toBeGreaterThanOrEqual(round);
    c.produce([]);
    expect(revealed().map((e) => e.data)).toEqual([[NETUID, bob.hot.address]]);
    expect(Weights.get(c.view, NETUID, 1)).toEqual([
      [2, 21845],
      [3, 65535],
    ]);
    expect(TimelockedWeightCommits.contains(c.view, NETUID, epoch)).toBe(false);
  });

  it('refuses a commit to a round before the last stored pulse (InvalidRevealRound)', () => {
    const { bob } = c.keys;
    const past = c.lastRound() - 1n;
    const ciphertext = c.encrypt(bob.hot, [2], [1], past);
    expect(commit(bob.hot, ciphertext, past)).toBe('invalid.Custom(15)'); // InvalidRevealRound
    expect(dispatchCommit(bob.hot, ciphertext, past)).toBe('subtensorModule.InvalidRevealRound');
  });

  it('refuses another client version (IncorrectCommitRevealVersion)', () => {
    const { bob } = c.keys;
    const round = c.lastRound() + 1000n;
    const ciphertext = c.encrypt(bob.hot, [2], [1], round);
    expect(commit(bob.hot, ciphertext, round, 3)).toBe('invalid.Custom(255)'); // BadRequest
    expect(dispatchCommit(bob.hot, ciphertext, round, 3)).toBe(
      'subtensorModule.IncorrectCommitRevealVersion',
    );
  });

  it('refuses a hotkey not registered on the subnet (HotKeyNotRegisteredInSubNet)', () => {
    const { eve } = c.keys;
    const round = c.lastRound() + 1000n;
    const ciphertext = c.encrypt(eve.hot, [2], [1], round);
    expect(commit(eve.hot, ciphertext, round)).toBe('invalid.Custom(19)'); // UidNotFound
    expect(dispatchCommit(eve.hot, ciphertext, round)).toBe('subtensorModule.HotKeyNotRegisteredInSubNet');
  });

  it('refuses commits while commit-reveal is disabled (CommitRevealDisabled)', () => {
    const { bob } = c.keys;
    const round = c.lastRound() + 1000n;
    const ciphertext = c.encrypt(bob.hot, [2], [1], round);
    const enable = (enabled: boolean) =>
      expect(
        c.sudo('AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid: NETUID, enabled }),
      ).toBeUndefined();
    enable(false);
    expect(commit(bob.hot, ciphertext, round)).toBe('invalid.Custom(26)');
    expect(dispatchCommit(bob.hot, ciphertext, round)).toBe('subtensorModule.CommitRevealDisabled');
    enable(true);
  });

  it('drops garbage ciphertext and a payload naming another hotkey at reveal; the chain goes on', () => {
    const { bob, charlie } = c.keys;
    toEpochStart();
    const before = Weights.get(c.view, NETUID, 1);
    const round = c.lastRound() + 1n;
    const garbage = new Uint8Array(300).fill(7);
    const otherHotkey = c.encrypt(charlie.hot, [3], [1], round); // Bob commits Charlie's payload
    const results = c.runMany([
      [
        bob.hot,
        'SubtensorModule',
        'commit_timelocked_weights',
        { netuid: NETUID, commit: u8aToHex(garbage), reveal_round: round, commit_reveal_version: 4 },
      ],
      [
        bob.hot,
        'SubtensorModule',
        'commit_timelocked_weights',
        { netuid: NETUID, commit: u8aToHex(otherHotkey), reveal_round: round, commit_reveal_version: 4 },
      ],
    ]);
    expect(results).toEqual([undefined, undefined]);
    const epoch = epochNow();
    expect(pending(epoch)).toHaveLength(2);
    untilEpoch(epoch + 1n);
    expect(c.lastRound()).toBeGreaterThanOrEqual(round);
    c.produce([]); // the reveal epoch's first block: both are decrypted (or not) and dropped
    expect(TimelockedWeightCommits.contains(c.view, NETUID, epoch)).toBe(false);
    expect(revealed()).toEqual([]);
    expect(Weights.get(c.view, NETUID, 1)).toEqual(before);
    c.produce([]);
  });

  it('a legacy payload (no hotkey) is applied as the committer', () => {
    const { bob } = c.keys;
    toEpochStart();
    const round = c.lastRound() + 1n;
    // SCALE (uids: Vec<u16>, values: Vec<u16>, version_key: u64), as old SDKs encrypted it.
    const legacy = c.registry.createType('(Vec<u16>, Vec<u16>, u64)', [[2], [7], 0]).toU8a();
    const ciphertext = timelockEncrypt(legacy, round, BEACON_PUBLIC_KEY);
    expect(commit(bob.hot, ciphertext, round)).toBeUndefined();
    // Counted in the epoch's commit mask while pending (subtensor's "v4" pass).
    expect(earliestActiveCommitBlocks(c.view, NETUID, c.best, [bob.hot.publicKey])).toEqual([BigInt(c.best)]);
    untilEpoch(epochNow() + 1n);
    c.produce([]);
    expect(revealed().map((e) => e.data)).toEqual([[NETUID, bob.hot.address]]);
    expect(Weights.get(c.view, NETUID, 1)).toEqual([[2, 65535]]);
  });

  it('commit_crv3_mechanism_weights (legacy, version 4) reveals like the others', () => {
    const { bob } = c.keys;
    toEpochStart();
    const round = c.lastRound() + 1n;
    const ciphertext = c.encrypt(bob.hot, [1, 3], [5, 5], round);
    expect(
      c.run(bob.hot, 'SubtensorModule', 'commit_crv3_mechanism_weights', {
        netuid: NETUID,
        mecid: 0,
        commit: u8aToHex(ciphertext),
        reveal_round: round,
      }),
    ).toBeUndefined();
    untilEpoch(epochNow() + 1n);
    c.produce([]);
    expect(revealed().map((e) => e.data)).toEqual([[NETUID, bob.hot.address]]);
    expect(Weights.get(c.view, NETUID, 1)).toEqual([
      [1, 65535],
      [3, 65535],
    ]);
  });

  it('rate limit and at most 10 unrevealed commits per hotkey and epoch, as subtensor', () => {
    const { bob } = c.keys;
    toEpochStart();
    const round = c.lastRound() + 1000n;
    const item = (i: number): [KeyringPair, string, string, Record<string, unknown>] => [
      bob.hot,
      'SubtensorModule',
      'commit_timelocked_weights',
      {
        netuid: NETUID,
        commit: u8aToHex(new Uint8Array(64).fill(i)),
        reveal_round: round,
        commit_reveal_version: 4,
      },
    ];
    const results = c.runMany(Array.from({ length: 10 }, (_, i) => item(i)));
    expect(results).toEqual(Array(10).fill(undefined));
    expect(c.run(...item(10))).toBe('invalid.Custom(31)'); // TooManyUnrevealedCommits
    expect(pending(epochNow())).toHaveLength(10);
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', {
        netuid: NETUID,
        weights_set_rate_limit: 100,
      }),
    ).toBeUndefined();
    toEpochStart();
    c.produce([]);
    expect(c.run(...item(11))).toBe('invalid.Custom(30)'); // CommittingWeightsTooFast
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 0 }),
    ).toBeUndefined();
  });
});
