/**
 * `--weights.mode`: the path decision for every mode × chain, the epoch arithmetic, the reveal round (the
 * Bittensor SDK's rule, hand-worked below), the beacon choice (chain's vs quicknet's), the flag, and the
 * weight store's timelocked commits (old stores still load).
 */
import { describe, expect, it } from 'vitest';
import type { BeaconConfig } from '../../shared/chain/types.js';
import { QUICKNET, roundTime } from '../../shared/timelock/index.js';
import { parseWeightSetterSnapshot } from '../../validator/weight-store.js';
import { sameVector } from '../../validator/weight-timelock.js';
import {
  chooseBeacon,
  decideWeightsPath,
  epochOf,
  firstBlockOfEpoch,
  isPublicNetwork,
  timelockRevealRound,
  type WeightsMode,
} from '../../validator/weights-mode.js';
import { parseValidatorArgs } from './parse-config.js';

describe('decideWeightsPath', () => {
  const table: Array<[WeightsMode, boolean, boolean, string, string | undefined]> = [
    // mode, commit-reveal on, chain has timelock → path, conflict
    ['auto', false, false, 'set', undefined],
    ['auto', false, true, 'set', undefined],
    ['auto', true, false, 'commit-reveal', undefined],
    ['auto', true, true, 'timelock', undefined],
    ['set', false, true, 'set', undefined],
    ['set', true, true, 'set', 'CommitRevealEnabled'],
    ['commit-reveal', true, true, 'commit-reveal', undefined],
    ['commit-reveal', false, true, 'commit-reveal', 'CommitRevealDisabled'],
    ['timelock', true, true, 'timelock', undefined],
    ['timelock', false, true, 'timelock', 'CommitRevealDisabled'],
    ['timelock', true, false, 'timelock', 'UNSUPPORTED'],
  ];
  it.each(table)(
    '%s with commit-reveal %s, timelock %s → %s (%s)',
    (mode, enabled, timelock, path, conflict) => {
      expect(decideWeightsPath(mode, { enabled, timelock })).toEqual(
        conflict ? { path, conflict } : { path },
      );
    },
  );
});

describe('epochs', () => {
  it('numbers epochs as subtensor does: (block + netuid + 1) / (tempo + 1)', () => {
    // netuid 1, tempo 10: epoch 0 is blocks 0..8, epoch 1 starts at 9 (9 + 2 = 11).
    expect(epochOf(8, 1, 10)).toBe(0);
    expect(epochOf(9, 1, 10)).toBe(1);
    expect(epochOf(19, 1, 10)).toBe(1);
    expect(epochOf(20, 1, 10)).toBe(2);
    expect(firstBlockOfEpoch(1, 1, 10)).toBe(9);
    expect(firstBlockOfEpoch(2, 1, 10)).toBe(20);
    for (const block of [0, 5, 9, 100, 12_345]) {
      const e = epochOf(block, 3, 360);
      expect(firstBlockOfEpoch(e, 3, 360)).toBeLessThanOrEqual(block);
      expect(firstBlockOfEpoch(e + 1, 3, 360)).toBeGreaterThan(block);
    }
  });
});

describe('timelockRevealRound (the SDK rule)', () => {
  const finney = { netuid: 1, block: 1000, tempo: 360, revealPeriodEpochs: 1, blockTimeMs: 12_000 };

  it('targets the pulse 3 blocks into the reveal epoch, rounded down', () => {
    // epoch (1000 + 2) / 361 = 2 → reveal epoch 3 → first block 3·361 − 2 = 1081 → target block 1084,
    // 84 blocks × 12 s = 1008 s after now: (1_700_000_000 + 1008 − 1_692_803_367) / 3 = 2_399_213.67 → 2_399_213.
    const round = timelockRevealRound({ ...finney, timestampMs: 1_699_999_990_000 }, QUICKNET, {
      nowMs: 1_700_000_000_000,
    });
    expect(round).toBe(2_399_213n);
    // Its pulse is due no later than the target time, and the next one after it.
    expect(roundTime(QUICKNET, round)).toBeLessThanOrEqual(1_700_001_008);
    expect(roundTime(QUICKNET, round + 2n)).toBeGreaterThan(1_700_001_008);
  });

  it('counts from the block timestamp when the chain runs ahead of the wall clock (a sealed dev chain)', () => {
    // 30 s ahead: (1_700_000_030 + 1008 − 1_692_803_367) / 3 = 2_399_223.67 → 2_399_223.
    const round = timelockRevealRound({ ...finney, timestampMs: 1_700_000_030_000 }, QUICKNET, {
      nowMs: 1_700_000_000_000,
    });
    expect(round).toBe(2_399_223n);
  });

  it("uses the dev beacon's clock, and a longer reveal period pushes the round out by its epochs", () => {
    const dev = { genesisTime: 1000, period: 3 };
    const settings = {
      netuid: 1,
      block: 5,
      tempo: 10,
      revealPeriodEpochs: 1,
      blockTimeMs: 12_000,
      timestampMs: 0,
    };
    // epoch 7 / 11 = 0 → reveal epoch 1 → first block 9 → target 12: 7 blocks × 12 s = 84 s;
    // (2000 + 84 − 1000) / 3 = 361.33 → 361.
    expect(timelockRevealRound(settings, dev, { nowMs: 2_000_000 })).toBe(361n);
    // Two epochs: first block 20, target 23: 18 blocks = 216 s → (1216) / 3 = 405.33 → 405.
    expect(timelockRevealRound({ ...settings, revealPeriodEpochs: 2 }, dev, { nowMs: 2_000_000 })).toBe(405n);
  });

  it('never picks a round the chain already holds, nor one below 1', () => {
    const settings = { ...finney, timestampMs: 0 };
    expect(
      timelockRevealRound(settings, QUICKNET, { nowMs: 1_700_000_000_000, lastStoredRound: 2_399_300n }),
    ).toBe(2_399_301n);
    expect(timelockRevealRound(settings, { genesisTime: 5_000_000_000, period: 3 }, { nowMs: 0 })).toBe(1n);
  });
});

describe('sameVector (is the stored row our commit?)', () => {
  it('compares shares of the largest weight, to the u16 rounding, over the same uids', () => {
    const commit = { uids: [3, 1], weights: [30000, 60000] };
    // The chain stores it max-upscaled, sorted by uid: 60000 → 65535, 30000 → 32767.5 → 32768.
    expect(sameVector({ uids: [1, 3], weights: [65535, 32768] }, commit)).toBe(true);
    expect(sameVector({ uids: [1, 3], weights: [65535, 32700] }, commit)).toBe(false);
    expect(sameVector({ uids: [1, 2], weights: [65535, 32768] }, commit)).toBe(false);
    expect(sameVector({ uids: [1], weights: [65535] }, commit)).toBe(false);
    expect(sameVector({ uids: [], weights: [] }, { uids: [], weights: [] })).toBe(true);
  });
});

describe('chooseBeacon', () => {
  const devKey = new Uint8Array(96).fill(7);
  const dev: BeaconConfig = {
    publicKey: devKey,
    period: 3,
    genesisTime: 1_765_000_000,
    chainHash: '0x00',
    schemeId: 'bls-unchained-g1-rfc9380',
    lastStoredRound: 10n,
  };
  const quicknetOnChain: BeaconConfig = {
    ...dev,
    publicKey: QUICKNET.publicKey,
    genesisTime: QUICKNET.genesisTime,
  };

  it("takes the dev chain's own beacon", () => {
    expect(chooseBeacon(dev, false)).toEqual({
      info: { publicKey: devKey, genesisTime: dev.genesisTime, period: 3 },
      source: 'chain',
      differs: false,
    });
  });

  it("takes quicknet's published constants on a public network, and says when the chain's config differs", () => {
    expect(chooseBeacon(quicknetOnChain, true)).toEqual({
      info: QUICKNET,
      source: 'quicknet',
      differs: false,
    });
    expect(chooseBeacon(dev, true)).toEqual({ info: QUICKNET, source: 'quicknet', differs: true });
    expect(chooseBeacon(undefined, true)).toEqual({ info: QUICKNET, source: 'quicknet', differs: false });
    // A local chain that follows quicknet gets the published constants too.
    expect(chooseBeacon(quicknetOnChain, false)?.source).toBe('quicknet');
    expect(chooseBeacon(undefined, false)).toBeUndefined();
  });

  it('knows the public networks by endpoint', () => {
    expect(isPublicNetwork('wss://entrypoint-finney.opentensor.ai:443')).toBe(true);
    expect(isPublicNetwork('wss://test.finney.opentensor.ai:443')).toBe(true);
    expect(isPublicNetwork('ws://127.0.0.1:9944')).toBe(false);
  });
});

describe('--weights.mode', () => {
  it('defaults to auto and takes each mode, by flag or env', async () => {
    expect((await parseValidatorArgs(['--netuid=1'])).weights).toEqual({ mode: 'auto' });
    expect((await parseValidatorArgs(['--netuid=1', '--weights.mode', 'timelock'])).weights?.mode).toBe(
      'timelock',
    );
    const env = await parseValidatorArgs(['--netuid=1'], {
      EXPERTNET_VALIDATOR_WEIGHTS__MODE: 'commit-reveal',
    });
    expect(env.weights?.mode).toBe('commit-reveal');
  });

  it('refuses an unknown mode', async () => {
    await expect(parseValidatorArgs(['--netuid=1', '--weights.mode', 'reveal'])).rejects.toThrow(
      /weights\.mode/,
    );
  });
});

describe('weight store with timelocked commits', () => {
  const timelocked = {
    epoch: 12,
    revealRound: '2399213',
    uids: [1, 2],
    weights: [65535, 100],
    versionKey: '0',
    sentBlock: 130,
    commitBlock: 131,
  };

  it('loads a store written before timelocked commits, and one with them', () => {
    expect(parseWeightSetterSnapshot({ pendingCommits: [], lastSubmittedBlock: 5 })).toEqual({
      pendingCommits: [],
      lastSubmittedBlock: 5,
    });
    const snapshot = { pendingCommits: [], timelockedCommits: [timelocked], lastTimelockEpoch: 12 };
    expect(parseWeightSetterSnapshot(snapshot)).toEqual(snapshot);
  });

  it('refuses a timelocked commit with a bad round or mismatched vectors', () => {
    const bad = (commit: Record<string, unknown>) => () =>
      parseWeightSetterSnapshot({ pendingCommits: [], timelockedCommits: [{ ...timelocked, ...commit }] });
    expect(bad({ revealRound: '-1' })).toThrow(/revealRound/);
    expect(bad({ weights: [1] })).toThrow(/2 uids, 1 weights/);
    expect(bad({ salt: [1] })).toThrow(/additional/);
  });
});
