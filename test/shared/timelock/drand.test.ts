/**
 * The round clock and the SDK's reveal-round rule, against values worked out by hand from drand's
 * `CurrentRound` / `TimeOfRound` and bittensor-drand's `generate_commit`.
 */
import { describe, expect, it } from 'vitest';
import {
  QUICKNET,
  revealRoundFor,
  roundAt,
  roundTime,
  TimelockError,
} from '../../../shared/timelock/index.js';

const G = QUICKNET.genesisTime;

describe('roundAt / roundTime', () => {
  it('round 1 at genesis, a new round every period, 0 before genesis', () => {
    expect(roundAt(QUICKNET, G - 1)).toBe(0n);
    expect(roundAt(QUICKNET, G)).toBe(1n);
    expect(roundAt(QUICKNET, G + 2.99)).toBe(1n);
    expect(roundAt(QUICKNET, G + 3)).toBe(2n);
    // quicknet round 1000 was due at 1692803367 + 999·3 = 1692806364
    expect(roundTime(QUICKNET, 1000n)).toBe(1692806364);
    expect(roundAt(QUICKNET, 1692806364)).toBe(1000n);
    expect(roundAt(QUICKNET, 1692806363)).toBe(999n);
  });

  it('are inverse on round boundaries for any clock', () => {
    const dev = { genesisTime: 1_000, period: 3 };
    for (let r = 1n; r < 50n; r++) expect(roundAt(dev, roundTime(dev, r))).toBe(r);
    expect(roundTime(dev, 0n)).toBe(1_000);
  });
});

describe('revealRoundFor (bittensor-drand generate_commit)', () => {
  it("bittensor-drand's own test inputs: tempo 20, block 1000, netuid 1, 3 epochs, 12 s", () => {
    // epoch = (1000 + 2) / 21 = 47 → reveal epoch 50 → first block 50·21 − 2 = 1048 → target 1051
    // 51 blocks · 12 s = 612 s; now = G + 3_000_001.5 → (3_000_613.5) / 3 = 1_000_204.5 → 1_000_204
    const round = revealRoundFor({
      currentBlock: 1000,
      netuid: 1,
      tempo: 20,
      revealPeriodEpochs: 3,
      blockTimeSeconds: 12,
      nowSeconds: G + 3_000_001.5,
    });
    expect(round).toBe(1_000_204n);
  });

  it('finney-like: tempo 360, netuid 7, block 9101265, 1 epoch', () => {
    // epoch = 9101273 / 361 = 25211 → 25212·361 − 8 = 9101524 → target 9101527 → 262 blocks = 3144 s
    // now = G + 97_000_000 → (97_003_144) / 3 = 32_334_381.33 → 32_334_381
    const round = revealRoundFor({
      currentBlock: 9101265,
      netuid: 7,
      tempo: 360,
      revealPeriodEpochs: 1,
      blockTimeSeconds: 12,
      nowSeconds: G + 97_000_000,
    });
    expect(round).toBe(32_334_381n);
  });

  it("uses the given beacon's clock (the dev chain's), and is never below round 1", () => {
    const dev = { genesisTime: 10_000, period: 3 };
    // tempo 10, netuid 1, block 0: epoch (0+2)/11 = 0 → reveal epoch 2 → 2·11 − 2 = 20 → 23 blocks
    // 23 · 1 s = 23 s; now 10_000 → 23 / 3 = 7.67 → 7
    const base = {
      currentBlock: 0,
      netuid: 1,
      tempo: 10,
      revealPeriodEpochs: 2,
      blockTimeSeconds: 1,
      info: dev,
    };
    expect(revealRoundFor({ ...base, nowSeconds: 10_000 })).toBe(7n);
    expect(revealRoundFor({ ...base, nowSeconds: 0 })).toBe(1n);
  });

  it('rejects inputs that are not u64 counts', () => {
    const args = {
      currentBlock: -1,
      netuid: 1,
      tempo: 10,
      revealPeriodEpochs: 1,
      blockTimeSeconds: 12,
      nowSeconds: G,
    };
    expect(() => revealRoundFor(args)).toThrow(TimelockError);
  });
});

describe('clock inputs that are not numbers', () => {
  it('are a TimelockError (BAD_INPUT), not a RangeError', () => {
    expect(() => roundAt(QUICKNET, Number.NaN)).toThrow(TimelockError);
    const args = {
      currentBlock: 1,
      netuid: 1,
      tempo: 10,
      revealPeriodEpochs: 1,
      blockTimeSeconds: 12,
      nowSeconds: G,
    };
    expect(() => revealRoundFor({ ...args, nowSeconds: Number.NaN })).toThrow(TimelockError);
    expect(() => revealRoundFor({ ...args, blockTimeSeconds: Number.POSITIVE_INFINITY })).toThrow(
      TimelockError,
    );
  });
});
