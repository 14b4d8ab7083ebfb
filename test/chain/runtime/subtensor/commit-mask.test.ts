/**
 * Epoch step 5d: with commit-reveal enabled, a validator's weights on a uid registered after its
 * earliest unexpired commit are dropped before the epoch (the commit was made for the uid's previous
 * owner); without commit-reveal, or once the commit has expired, they count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { epochInput } from '../../../../chain/runtime/pallets/subtensor/coinbase.js';
import {
  BlockAtRegistration,
  CommitRevealWeightsEnabled,
  Incentive,
  LastUpdate,
  ValidatorPermit,
  WeightCommits,
  Weights,
} from '../../../../chain/runtime/pallets/subtensor/storage.js';
import {
  earliestActiveCommitBlocks,
  maskWeightsCommittedBeforeRegistration,
} from '../../../../chain/runtime/pallets/subtensor/weights.js';
import { Overlay } from '../../../../chain/runtime/storage.js';
import { type SubnetChain, subnetChain, TAO } from './helpers.js';

const NETUID = 1;

describe('maskWeightsCommittedBeforeRegistration', () => {
  const rows = [
    [
      [1, 10],
      [2, 20],
    ],
    [
      [0, 5],
      [2, 7],
    ],
  ] as const;

  it('drops targets registered after the commit block, keeps those registered at or before it', () => {
    // uid 0 registered at 0, uid 1 at 50, uid 2 at 100; validator 0 committed at 50, validator 1 at 99.
    const out = maskWeightsCommittedBeforeRegistration(rows, [50n, 99n], [0n, 50n, 100n]);
    expect(out).toEqual([[[1, 10]], [[0, 5]]]);
  });

  it('leaves rows of validators without an active commit untouched', () => {
    const out = maskWeightsCommittedBeforeRegistration(rows, [undefined, 0n], [0n, 50n, 100n]);
    expect(out[0]).toEqual(rows[0]);
    expect(out[1]).toEqual([[0, 5]]);
  });
});

describe('commit-reveal registration mask in the epoch', () => {
  let c: SubnetChain;
  let commitBlock: number;
  let daveRegistered: number;
  /** Writes storage directly (to set up a weights row as a reveal after the registration would). */
  const poke = (write: (o: Overlay) => void) => {
    const o = new Overlay(c.view);
    write(o);
    for (const [k, v] of o.changes()) {
      if (v === null) c.state.delete(k);
      else c.state.set(k, v);
    }
  };
  const bobRow = (block = c.best + 1) => epochInput(c.view, NETUID, block, 0n).weights[1];

  beforeAll(async () => {
    c = await subnetChain();
    const { alice, bob, charlie, dave } = c.keys;
    expect(
      c.run(alice.cold, 'SubtensorModule', 'register_network', { hotkey: alice.hot.address }),
    ).toBeUndefined();
    // Long epochs: the commit stays active for the whole test.
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 200 })).toBeUndefined();
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 0 }),
    ).toBeUndefined();
    expect(
      c.runMany([
        [bob.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: bob.hot.address }],
        [charlie.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: charlie.hot.address }],
        [
          bob.cold,
          'SubtensorModule',
          'add_stake',
          { hotkey: bob.hot.address, netuid: NETUID, amount_staked: 1000n * TAO },
        ],
      ]),
    ).toEqual([undefined, undefined, undefined]);
    // Bob commits (commit-reveal is on by default), then Dave takes uid 3.
    expect(
      c.run(bob.hot, 'SubtensorModule', 'commit_weights', {
        netuid: NETUID,
        commit_hash: new Uint8Array(32),
      }),
    ).toBeUndefined();
    commitBlock = c.best;
    expect(
      c.run(dave.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: dave.hot.address }),
    ).toBeUndefined();
    daveRegistered = c.best;
    expect(BlockAtRegistration.get(c.view, NETUID, 3)).toBe(BigInt(daveRegistered));
    // Bob's row on Charlie (uid 2) and Dave (uid 3), last updated after Dave's registration (so step 5c,
    // LastUpdate <= BlockAtRegistration, keeps it), and Bob a permitted validator.
    poke((o) => {
      Weights.put(
        o,
        [
          [2, 65_535],
          [3, 65_535],
        ],
        NETUID,
        1,
      );
      const lastUpdate = LastUpdate.get(o, NETUID);
      lastUpdate[1] = BigInt(daveRegistered + 1);
      LastUpdate.put(o, lastUpdate, NETUID);
      ValidatorPermit.put(o, [true, true, false, false], NETUID);
    });
    c.produce([]);
  });

  it("finds each validator's earliest active commit block", () => {
    const hotkeys = Object.values(c.keys).map((k) => k.hot.publicKey);
    const blocks = earliestActiveCommitBlocks(c.view, NETUID, c.best + 1, hotkeys);
    expect(blocks).toEqual([undefined, BigInt(commitBlock), undefined, undefined, undefined]);
  });

  it('drops the weight on the uid registered after the commit, keeps the others', () => {
    expect(commitBlock).toBeLessThan(daveRegistered);
    expect(bobRow()).toEqual([[2, 65_535]]);
    // Without commit-reveal the same row counts in full.
    poke((o) => CommitRevealWeightsEnabled.put(o, false, NETUID));
    expect(bobRow()).toEqual([
      [2, 65_535],
      [3, 65_535],
    ]);
    poke((o) => CommitRevealWeightsEnabled.put(o, true, NETUID));
  });

  it('the epoch gives the masked uid no incentive', () => {
    c.runEpoch(NETUID);
    const incentive = Incentive.get(c.view, NETUID);
    expect(incentive[2]).toBeGreaterThan(0);
    expect(incentive[3]).toBe(0);
  });

  it('an expired commit no longer masks', () => {
    // Commit epoch + RevealPeriodEpochs (1) has passed: the commit is expired.
    c.runEpoch(NETUID);
    c.produce([]);
    expect(WeightCommits.tryGet(c.view, NETUID, c.keys.bob.hot.publicKey)).toHaveLength(1);
    expect(bobRow()).toEqual([
      [2, 65_535],
      [3, 65_535],
    ]);
  });
});
