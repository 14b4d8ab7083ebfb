/**
 * The shared epoch calendar: its functions agree with each other and with a brute-force reading of the
 * rule, and with what the dev chain's subtensor pallet actually does block by block (when the epoch
 * runs, and in which blocks a committed weight hash can be revealed).
 */
import { blake2AsU8a } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { LastMechansimStepBlock, WeightCommits } from '../../../chain/runtime/pallets/subtensor/storage.js';
import {
  blocksUntilNextEpoch,
  epochIndex,
  firstBlockOfEpoch,
  isEpochBlock,
  lastBlockOfEpoch,
} from '../../../shared/subtensor/epoch.js';
import { type SubnetChain, subnetChain, TAO } from '../../chain/runtime/subtensor/helpers.js';

describe('epoch calendar (pure)', () => {
  it("matches subtensor's get_epoch_index and get_first_block_of_epoch formulas", () => {
    // netuid 1, tempo 10: (b + 2) / 11.
    expect(epochIndex(1, 10, 0)).toBe(0);
    expect(epochIndex(1, 10, 8)).toBe(0);
    expect(epochIndex(1, 10, 9)).toBe(1);
    expect(epochIndex(1, 10, 20)).toBe(2);
    expect(firstBlockOfEpoch(1, 10, 1)).toBe(9);
    expect(firstBlockOfEpoch(1, 10, 2)).toBe(20);
    expect(lastBlockOfEpoch(1, 10, 1)).toBe(19);
    // Saturates at block 0.
    expect(firstBlockOfEpoch(5, 10, 0)).toBe(0);
    expect(lastBlockOfEpoch(20, 3, 0)).toBe(0);
  });

  it('agrees with a brute-force walk of the blocks for many subnets and tempos', () => {
    const wrong: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) wrong.push(what);
    };
    for (const netuid of [0, 1, 2, 7, 64, 4095]) {
      for (const tempo of [1, 2, 3, 10, 99, 360]) {
        const horizon = 3 * (tempo + 1) + 5;
        // Epoch blocks by the rule itself, walked backwards to get "blocks until the next one".
        const runs = (b: number) => (b + netuid + 1) % (tempo + 1) === 0;
        const untilNext: number[] = [];
        let next = horizon;
        while (!runs(next)) next++;
        for (let b = horizon; b >= 0; b--) {
          if (runs(b)) next = b;
          untilNext[b] = next - b;
        }
        for (let block = 0; block <= horizon; block++) {
          const at = `netuid ${netuid} tempo ${tempo} block ${block}`;
          const e = epochIndex(netuid, tempo, block);
          check(isEpochBlock(netuid, tempo, block) === runs(block), `isEpochBlock ${at}`);
          check(
            blocksUntilNextEpoch(netuid, tempo, block) === untilNext[block],
            `blocksUntilNextEpoch ${at}`,
          );
          // The epoch runs in the first block of each epoch, and nowhere else.
          if (block > 0) check(runs(block) === (e !== epochIndex(netuid, tempo, block - 1)), `start ${at}`);
          check(firstBlockOfEpoch(netuid, tempo, e) <= block, `firstBlockOfEpoch ${at}`);
          check(lastBlockOfEpoch(netuid, tempo, e) >= block, `lastBlockOfEpoch ${at}`);
          if (e > 0)
            check(epochIndex(netuid, tempo, firstBlockOfEpoch(netuid, tempo, e)) === e, `round trip ${at}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('never runs with tempo 0', () => {
    expect(isEpochBlock(1, 0, 10)).toBe(false);
    expect(blocksUntilNextEpoch(1, 0, 10)).toBe(Number.POSITIVE_INFINITY);
    expect(epochIndex(1, 0, 1_000_000)).toBe(0);
  });
});

describe('epoch calendar vs the dev chain pallet', () => {
  const NETUID = 1;
  const TEMPO = 4;
  let c: SubnetChain;

  beforeAll(async () => {
    c = await subnetChain();
    const { alice, bob } = c.keys;
    expect(
      c.run(alice.cold, 'SubtensorModule', 'register_network', { hotkey: alice.hot.address }),
    ).toBeUndefined();
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: TEMPO })).toBeUndefined();
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 0 }),
    ).toBeUndefined();
    expect(
      c.run(bob.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: bob.hot.address }),
    ).toBeUndefined();
    expect(
      c.run(bob.cold, 'SubtensorModule', 'add_stake', {
        hotkey: bob.hot.address,
        netuid: NETUID,
        amount_staked: 100n * TAO,
      }),
    ).toBeUndefined();
  });

  it('runs the epoch exactly in the blocks the calendar names', () => {
    const ran: number[] = [];
    const predicted: number[] = [];
    for (let i = 0; i < 3 * (TEMPO + 1); i++) {
      const block = c.best + 1;
      if (blocksUntilNextEpoch(NETUID, TEMPO, c.best) === 1) predicted.push(block);
      const before = LastMechansimStepBlock.get(c.view, NETUID);
      c.produce([]);
      if (LastMechansimStepBlock.get(c.view, NETUID) !== before) ran.push(block);
    }
    expect(ran.length).toBeGreaterThanOrEqual(3);
    expect(ran).toEqual(predicted);
  });

  it('accepts a reveal from firstRevealBlock on, not the block before', () => {
    const { bob } = c.keys;
    // Bob needs a validator permit for his revealed weights to be set: one epoch with his stake.
    c.advanceTo(c.best + blocksUntilNextEpoch(NETUID, TEMPO, c.best + 1) + 1);
    const uids = [0];
    const values = [65535];
    const salt = [3, 1, 4];
    const hash = blake2AsU8a(
      c.registry
        .createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [
          bob.hot.address,
          NETUID,
          uids,
          values,
          salt,
          0,
        ])
        .toU8a(),
      256,
    );
    expect(
      c.run(bob.hot, 'SubtensorModule', 'commit_weights', { netuid: NETUID, commit_hash: hash }),
    ).toBeUndefined();
    const commitBlock = c.best;
    const [stored] = WeightCommits.tryGet(c.view, NETUID, bob.hot.publicKey)!;
    const revealEpoch = epochIndex(NETUID, TEMPO, commitBlock) + 1; // RevealPeriodEpochs defaults to 1
    const first = firstBlockOfEpoch(NETUID, TEMPO, revealEpoch);
    expect(stored![2]).toBe(BigInt(first));
    expect(stored![3]).toBe(BigInt(lastBlockOfEpoch(NETUID, TEMPO, revealEpoch)));

    const reveal = () =>
      c.run(bob.hot, 'SubtensorModule', 'reveal_weights', {
        netuid: NETUID,
        uids,
        values,
        salt,
        version_key: 0,
      });
    // The commit landed in the second block of its epoch, so its reveal epoch starts TEMPO blocks later.
    expect(first).toBe(commitBlock + TEMPO);
    c.advanceTo(first - 2);
    expect(reveal()).toBe('invalid.Custom(17)'); // for block first - 1: CommitBlockNotInRevealRange
    c.advanceTo(first - 1);
    expect(reveal()).toBeUndefined(); // in block `first`
    expect(c.best).toBe(first);
    expect(WeightCommits.tryGet(c.view, NETUID, bob.hot.publicKey)).toBeUndefined();
  });
});
