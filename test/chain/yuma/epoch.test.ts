import { describe, expect, it } from 'vitest';
import { bondsEmaAlpha, runEpoch } from '../../../chain/yuma/epoch.js';
import { YumaError } from '../../../chain/yuma/errors.js';
import { ONE } from '../../../chain/yuma/fixed.js';
import type { EpochHyperparams, EpochInput, U16PairRow } from '../../../chain/yuma/types.js';

const HP: EpochHyperparams = {
  kappa: 32767,
  bondsMovingAverage: 900_000,
  bondsPenalty: 65535,
  activityCutoff: 5000,
  maxAllowedValidators: 64,
  yuma3: false,
  liquidAlpha: false,
  alphaLow: 45875,
  alphaHigh: 58982,
  alphaSigmoidSteepness: 1000,
};

/** A subnet where every uid is registered at block 0, updated at block 10, epoch at block 20. */
function input(
  stake: number[],
  weights: Record<number, U16PairRow>,
  patch: Partial<EpochInput> = {},
): EpochInput {
  const n = stake.length;
  return {
    currentBlock: 20,
    lastTempoBlock: 11,
    stake: stake.map(BigInt),
    lastUpdate: new Array(n).fill(10),
    blockAtRegistration: new Array(n).fill(0),
    validatorPermit: stake.map((s) => s > 0),
    weights: Array.from({ length: n }, (_, i) => weights[i]),
    bonds: new Array(n).fill(undefined),
    hyperparams: HP,
    raoEmission: 1_000_000_000n,
    ...patch,
  };
}

describe('runEpoch behaviour', () => {
  it('clips a minority validator at consensus: it cannot lift a miner above the majority', () => {
    // Validators 0,1 (70 % stake) split weight between miners 3 and 4; validator 2 (30 %) backs miner 4 only.
    const stake = [40, 30, 30, 0, 0, 0];
    const even: U16PairRow = [
      [3, 65535],
      [4, 65535],
    ];
    const out = runEpoch(input(stake, { 0: even, 1: even, 2: [[4, 65535]] }));
    expect(out.consensus[3]).toBe(32767); // median 0.5
    expect(out.consensus[4]).toBe(32767); // 30 % at 1.0 cannot move the median
    expect(out.validatorTrust.slice(0, 3)).toEqual([65535, 65535, 32767]); // the minority's weight was clipped
    // Ranks after clipping: miner 3 = 0.7·0.5, miner 4 = 0.7·0.5 + 0.3·0.5 → 0.35 : 0.5 (not 0.35 : 0.65).
    expect(Math.abs(out.incentive[3]! - (0.35 / 0.85) * 65535)).toBeLessThanOrEqual(1);
    expect(Math.abs(out.incentive[4]! - (0.5 / 0.85) * 65535)).toBeLessThanOrEqual(1);
    // Putting everything on miner 4 buys it nothing over putting half there (the other half on a miner
    // nobody else backs, whose consensus is 0): both clip to the same 0.5.
    const half = runEpoch(
      input(stake, {
        0: even,
        1: even,
        2: [
          [4, 65535],
          [5, 65535],
        ],
      }),
    );
    expect(half.consensus[5]).toBe(0);
    expect(half.incentive).toEqual(out.incentive);
  });

  it('gives validator permits to the top-k stakes, never to zero stake', () => {
    const stake = [5, 1, 9, 0, 7, 3];
    const top3 = runEpoch(input(stake, {}, { hyperparams: { ...HP, maxAllowedValidators: 3 } }));
    expect(top3.validatorPermit).toEqual([true, false, true, false, true, false]);
    const roomy = runEpoch(input(stake, {}, { hyperparams: { ...HP, maxAllowedValidators: 10 } }));
    expect(roomy.validatorPermit).toEqual([true, true, true, false, true, true]);
  });

  it('uses the previous permits: a validator without one is ignored this epoch', () => {
    const stake = [10, 10, 0, 0];
    const weights = { 0: [[2, 65535]] as U16PairRow, 1: [[3, 65535]] as U16PairRow };
    const out = runEpoch(input(stake, weights, { validatorPermit: [true, false, false, false] }));
    expect(out.incentive[2]).toBe(65535);
    expect(out.incentive[3]).toBe(0);
    expect(out.validatorPermit).toEqual([true, true, false, false]); // issued for the next epoch
  });

  it('falls back to stake when no weights count (all zero, self-weight only)', () => {
    const stake = [3, 1, 0, 0];
    const none = runEpoch(input(stake, {}));
    expect(none.emission).toEqual([750_000_000n, 250_000_000n, 0n, 0n]);
    expect(none.validatorEmission).toEqual(none.emission);
    expect(none.serverEmission).toEqual([0n, 0n, 0n, 0n]);
    // Self-weights are masked, so they count as no weights at all.
    const selfOnly = runEpoch(input(stake, { 0: [[0, 65535]], 1: [[1, 65535]] }));
    expect(selfOnly.emission).toEqual(none.emission);
    // Without active validator stake the fallback is the full stake (inactive validators included).
    const inactive = runEpoch(input(stake, {}, { currentBlock: 10_000 }));
    expect(inactive.active).toEqual([false, false, false, false]);
    expect(inactive.emission).toEqual([750_000_000n, 250_000_000n, 0n, 0n]);
  });

  it('drops weights set before the target registered', () => {
    const stake = [10, 0, 0];
    const out = runEpoch(
      input(
        stake,
        {
          0: [
            [1, 65535],
            [2, 65535],
          ],
        },
        { blockAtRegistration: [0, 0, 15] },
      ),
    );
    expect(out.incentive).toEqual([0, 65535, 0]);
  });

  it('keeps the owner uid self-weight and permit', () => {
    const out = runEpoch(
      input([10, 0], { 0: [[0, 65535]] }, { ownerUid: 0, validatorPermit: [false, false] }),
    );
    expect(out.incentive[0]).toBe(65535);
    expect(out.validatorPermit[0]).toBe(true);
  });

  it('stores bonds per mode: Yuma2 column-max-upscaled, Yuma3 absolute EMA', () => {
    const weights = { 0: [[2, 65535]] as U16PairRow, 1: [[2, 65535]] as U16PairRow };
    const yuma2 = runEpoch(input([1, 3, 0], weights));
    expect(Array.from(yuma2.bonds[1]!.values)).toEqual([65535]);
    expect(Math.abs(yuma2.bonds[0]!.values[0]! - 65535 / 3)).toBeLessThanOrEqual(1);
    expect(yuma2.bonds[2]!.uids.length).toBe(0); // no permit, no bonds row
    const yuma3 = runEpoch(input([1, 3, 0], weights, { hyperparams: { ...HP, yuma3: true } }));
    // First epoch: B = α·W with α = 1 − 0.9.
    const alpha = bondsEmaAlpha(900_000) / ONE;
    expect(Array.from(yuma3.bonds[0]!.values)).toEqual([Math.floor(alpha * 65535)]);
    expect(Array.from(yuma3.bonds[1]!.values)).toEqual([Math.floor(alpha * 65535)]);
    // Dividends follow bonds × stake: 1 : 3.
    expect(Math.abs(yuma3.dividends[1]! / yuma3.dividends[0]! - 3)).toBeLessThan(1e-3);
  });

  it('computes the legacy Rank, Trust and PruningScores on request', () => {
    const stake = [40, 30, 30, 0, 0];
    const even: U16PairRow = [
      [3, 65535],
      [4, 65535],
    ];
    const weights = { 0: even, 1: even, 2: [[4, 65535]] as U16PairRow };
    expect(runEpoch(input(stake, weights)).legacy).toBeUndefined();
    const out = runEpoch(input(stake, weights, { legacyScores: true }));
    const legacy = out.legacy!;
    expect(legacy.rank).toEqual(out.incentive);
    // Miner 3 was not clipped (trust 1); miner 4 kept 0.5 of its 0.65 prerank.
    expect(legacy.trust[3]).toBeGreaterThanOrEqual(65534);
    expect(Math.abs(legacy.trust[4]! - (0.5 / 0.65) * 65535)).toBeLessThanOrEqual(2);
    expect(legacy.trust.slice(0, 3)).toEqual([0, 0, 0]);
    expect(Math.max(...legacy.pruningScore)).toBe(65535);
  });

  it('gives the same result when run again after other epochs (scratch memory is reused, not shared)', () => {
    const stake = [40, 30, 30, 0, 0];
    const first = input(stake, { 0: [[3, 65535]], 1: [[4, 65535]], 2: [[3, 100]] });
    const before = runEpoch(first);
    const bigger = input(
      Array.from({ length: 300 }, (_, i) => (i < 50 ? 10 + i : 0)),
      Object.fromEntries(
        Array.from({ length: 50 }, (_, i) => [i, [[100 + i, 65535] as const, [200, 7] as const]]),
      ),
    );
    runEpoch(bigger);
    runEpoch({ ...bigger, hyperparams: { ...HP, yuma3: true } });
    expect(runEpoch(first)).toEqual(before);
  });

  it('rejects inconsistent input with a typed error naming the field', () => {
    const bad = input([1, 1], {}, { lastUpdate: [0] });
    expect(() => runEpoch(bad)).toThrow(YumaError);
    expect(() => runEpoch(bad)).toThrow(/lastUpdate/);
    const badWeight = input([1, 1], { 0: [[1, 70_000]] });
    expect(() => runEpoch(badWeight)).toThrow(/weights\[0\].*not a u16/);
  });
});
