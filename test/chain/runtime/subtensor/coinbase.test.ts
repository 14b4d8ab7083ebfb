/**
 * A subnet's alpha over an epoch splits as subtensor's coinbase splits it (`distribute_emission`): the
 * owner cut to the owner's hotkey, the miners' half by Yuma incentive (none to the owner's own hotkeys),
 * and the whole pending validator alpha to validators by Yuma dividends, less the hotkey take (18 %)
 * that the hotkey's owner keeps. The figures are worked by hand from the pending buckets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { epochInput } from '../../../../chain/runtime/pallets/subtensor/coinbase.js';
import { stakeOf } from '../../../../chain/runtime/pallets/subtensor/staking.js';
import {
  PendingOwnerCut,
  PendingServerEmission,
  PendingValidatorEmission,
  TotalHotkeyAlpha,
} from '../../../../chain/runtime/pallets/subtensor/storage.js';
import {
  AlphaDividendsPerSubnet,
  MinerBurned,
  RecycleOrBurn,
  SubnetProtocolAlpha,
} from '../../../../chain/runtime/pallets/subtensor/storage-emission.js';
import { SubnetAlphaOut } from '../../../../chain/runtime/pallets/subtensor/storage-pools.js';
import { runEpoch } from '../../../../chain/yuma/index.js';
import { dtaoSubnet, NETUID, nextEpochBlock, write } from './coinbase-helpers.js';
import type { SubnetChain } from './helpers.js';

type Name = 'alice' | 'bob' | 'charlie' | 'dave';

describe('dynamic-TAO coinbase: an epoch distributes the pending alpha as subtensor does', () => {
  let c: SubnetChain;
  const hot = (n: Name) => c.keys[n].hot.publicKey;
  const alphaOf = (n: Name) => TotalHotkeyAlpha.get(c.view, hot(n), NETUID);
  const all = (): Record<Name, bigint> => ({
    alice: alphaOf('alice'),
    bob: alphaOf('bob'),
    charlie: alphaOf('charlie'),
    dave: alphaOf('dave'),
  });
  const setWeights = (dests: number[], weights: number[]) =>
    expect(
      c.run(c.keys.bob.hot, 'SubtensorModule', 'set_weights', {
        netuid: NETUID,
        dests,
        weights,
        version_key: 0,
      }),
    ).toBeUndefined();

  /**
   * Advances to the block before the next epoch and sets the pending buckets so that, with the epoch
   * block's own accrual (owner 179 995 422, server and validator 410 002 288 each, see emission.test.ts),
   * the epoch distributes exactly 1 alpha to miners, 1 alpha to validators and 0.2 alpha owner cut.
   */
  function primeEpoch(): number {
    const next = nextEpochBlock(c);
    c.advanceTo(next - 1);
    write(c, (s) => {
      PendingServerEmission.put(s, 1_000_000_000n - 410_002_288n, NETUID);
      PendingValidatorEmission.put(s, 1_000_000_000n - 410_002_288n, NETUID);
      PendingOwnerCut.put(s, 200_000_000n - 179_995_422n, NETUID);
    });
    return next;
  }

  beforeAll(async () => {
    c = await dtaoSubnet({ bob: 100n });
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 10 })).toBeUndefined();
  });

  it('without miner incentive (no permit yet), validators get the miners’ half too', () => {
    const next = nextEpochBlock(c);
    c.advanceTo(next - 1);
    const pending =
      PendingServerEmission.get(c.view, NETUID) + PendingValidatorEmission.get(c.view, NETUID) + 820_004_576n;
    const cut = PendingOwnerCut.get(c.view, NETUID) + 179_995_422n;
    const before = all();
    c.produce([]);
    const after = all();
    // Miners earn nothing; the owner gets its cut; everything else goes to the stakers by stake.
    expect(after.charlie).toBe(before.charlie);
    expect(after.dave).toBe(before.dave);
    const paid = (Object.keys(after) as Name[]).reduce((a, n) => a + after[n] - before[n], 0n);
    expect(paid).toBeLessThanOrEqual(pending + cut);
    expect(paid).toBeGreaterThan(pending + cut - 4n);
    expect(PendingServerEmission.get(c.view, NETUID)).toBe(0n);
    expect(PendingValidatorEmission.get(c.view, NETUID)).toBe(0n);
    expect(PendingOwnerCut.get(c.view, NETUID)).toBe(0n);
  });

  it('owner cut, miners by incentive, the validator pot by dividends less the 18 % take', () => {
    setWeights([2, 3], [1, 3]);
    const next = primeEpoch();
    const expected = runEpoch(epochInput(c.view, NETUID, next, 2_000_000_000n));
    const before = all();
    const bobOwn = stakeOf(c.view, hot('bob'), c.keys.bob.cold.publicKey, NETUID);
    const alphaOut = SubnetAlphaOut.get(c.view, NETUID);
    const protocol = SubnetProtocolAlpha.get(c.view, NETUID);
    c.produce([]);
    const after = all();

    // Owner cut: 0.2 alpha on the owner's hotkey.
    expect(after.alice - before.alice).toBe(200_000_000n);
    // Miners: 1 alpha split 1:3 by the validator's weights (Yuma's I32F32 leaves a few rao).
    expect(after.charlie - before.charlie).toBe(expected.serverEmission[2]);
    expect(after.dave - before.dave).toBe(expected.serverEmission[3]);
    expect(Number(expected.serverEmission[2])).toBeCloseTo(250_000_000, -1);
    expect(Number(expected.serverEmission[3])).toBeCloseTo(750_000_000, -1);
    // The only validator gets the whole 1 alpha pot: take floor(1e9 · ⌊11796·2^32/65535⌋ / 2^32) =
    // 179 995 422 as its owner's stake, and 820 004 577 (the U96F32 rest) for all its stakers.
    expect(AlphaDividendsPerSubnet.get(c.view, NETUID, hot('bob'))).toBe(820_004_577n);
    expect(after.bob - before.bob).toBe(179_995_422n + 820_004_577n);
    // Bob's coldkey is the hotkey's only staker: it holds both parts (share rounding: 1 rao).
    const bobGain = stakeOf(c.view, hot('bob'), c.keys.bob.cold.publicKey, NETUID) - bobOwn;
    expect(bobGain >= 999_999_998n && bobGain <= 999_999_999n).toBe(true);
    expect(MinerBurned.get(c.view, NETUID).bits).toBe(0n);
    // Alpha out grows by this block's emission plus the chain buy; the payout moves none.
    expect(SubnetAlphaOut.get(c.view, NETUID) - alphaOut).toBe(
      1_000_000_000n + SubnetProtocolAlpha.get(c.view, NETUID) - protocol,
    );
  });

  it("incentive earned by the owner's hotkey is withheld: burned, or recycled out of SubnetAlphaOut", () => {
    setWeights([0, 2, 3], [2, 1, 1]);
    // One epoch to settle the new weights' bonds, then the measured one.
    c.runEpoch(NETUID);
    let next = primeEpoch();
    let expected = runEpoch(epochInput(c.view, NETUID, next, 2_000_000_000n));
    const owner = expected.serverEmission[0]!;
    const total = expected.serverEmission.reduce((a, b) => a + b, 0n);
    expect(owner).toBeGreaterThan(0n);
    let before = all();
    c.produce([]);
    // Only the owner cut reaches the owner's hotkey; the withheld share is recorded.
    expect(alphaOf('alice') - before.alice).toBe(200_000_000n);
    expect(MinerBurned.get(c.view, NETUID).bits).toBe(((owner << 32n) / total) << 32n);

    write(c, (s) => RecycleOrBurn.put(s, { tag: 'Recycle', value: undefined }, NETUID));
    next = primeEpoch();
    expected = runEpoch(epochInput(c.view, NETUID, next, 2_000_000_000n));
    before = all();
    const alphaOut = SubnetAlphaOut.get(c.view, NETUID);
    const protocol = SubnetProtocolAlpha.get(c.view, NETUID);
    c.produce([]);
    expect(alphaOf('alice') - before.alice).toBe(200_000_000n);
    expect(SubnetAlphaOut.get(c.view, NETUID) - alphaOut).toBe(
      1_000_000_000n + SubnetProtocolAlpha.get(c.view, NETUID) - protocol - expected.serverEmission[0]!,
    );
  });
});
