/**
 * Spot-check sampling from the private secret (deterministic, distinct, in range, `items × rate` on
 * average, raised to `needed`, capped at `items`) and the tolerance rules (by execution provider, and
 * the comparison of probability vectors).
 */
import { describe, expect, it } from 'vitest';
import {
  pickSpotChecks,
  SpotCheckError,
  type SpotCheckParameters,
} from '../../../validator/verify/spot-check.js';
import {
  compareOutputs,
  TOLERANCES,
  toleranceFor,
  UNKNOWN_PROVIDER_TOLERANCE,
} from '../../../validator/verify/tolerance.js';

const secret = new Uint8Array(32).fill(7);
const base: SpotCheckParameters = { secret, round: 10, uid: 3, items: 64, rate: 0.1, needed: 0 };

describe('pickSpotChecks', () => {
  it('is deterministic, ascending, distinct and in range', () => {
    const a = pickSpotChecks(base);
    expect(pickSpotChecks({ ...base })).toEqual(a);
    expect(a.length).toBeGreaterThanOrEqual(6);
    expect(a.length).toBeLessThanOrEqual(7);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    expect(a.every((i) => Number.isInteger(i) && i >= 0 && i < 64)).toBe(true);
  });

  it('depends on the secret, the round and the uid', () => {
    const a = pickSpotChecks({ ...base, rate: 0.5 });
    expect(pickSpotChecks({ ...base, rate: 0.5, secret: new Uint8Array(32).fill(8) })).not.toEqual(a);
    expect(pickSpotChecks({ ...base, rate: 0.5, round: 11 })).not.toEqual(a);
    expect(pickSpotChecks({ ...base, rate: 0.5, uid: 4 })).not.toEqual(a);
  });

  it('takes items × rate on average (stochastic rounding), each item alike', () => {
    let total = 0;
    const hits = new Array<number>(20).fill(0);
    for (let round = 0; round < 2000; round++) {
      const picked = pickSpotChecks({ ...base, round, items: 20, rate: 0.02 });
      total += picked.length;
      for (const i of picked) hits[i] = (hits[i] ?? 0) + 1;
    }
    // Expected 0.4 per round: 800 over 2000 rounds (deterministic for this secret).
    expect(total).toBeGreaterThan(700);
    expect(total).toBeLessThan(900);
    expect(Math.min(...hits)).toBeGreaterThan(20);
  });

  it('raises the count to `needed`, caps it at `items`, and picks nothing from nothing', () => {
    expect(pickSpotChecks({ ...base, rate: 0, needed: 0 })).toEqual([]);
    expect(pickSpotChecks({ ...base, rate: 0, needed: 2 })).toHaveLength(2);
    expect(pickSpotChecks({ ...base, items: 3, rate: 0, needed: 5 })).toEqual([0, 1, 2]);
    expect(pickSpotChecks({ ...base, rate: 1 })).toHaveLength(64);
    expect(pickSpotChecks({ ...base, items: 0, needed: 2 })).toEqual([]);
  });

  it.each<[string, Partial<SpotCheckParameters>]>([
    ['secret', { secret: new Uint8Array(8) }],
    ['round', { round: -1 }],
    ['uid', { uid: 2 ** 32 }],
    ['items', { items: 1.5 }],
    ['rate', { rate: 1.1 }],
    ['needed', { needed: -1 }],
  ])('refuses a bad %s', (parameter, change) => {
    expect(() => pickSpotChecks({ ...base, ...change })).toThrow(SpotCheckError);
    try {
      pickSpotChecks({ ...base, ...change });
    } catch (err) {
      expect((err as SpotCheckError).type).toMatchObject({ code: 'INVALID_PARAMETER', parameter });
    }
  });
});

describe('toleranceFor', () => {
  it('is tight on CPU, looser on CUDA and fp16, widest for a provider it does not know', () => {
    expect(toleranceFor('cpu')).toBe(1e-4);
    expect(toleranceFor('cuda')).toBeGreaterThan(toleranceFor('cpu'));
    expect(toleranceFor('cuda-fp16')).toBeGreaterThan(toleranceFor('cuda'));
    expect(toleranceFor('tensorrt')).toBe(UNKNOWN_PROVIDER_TOLERANCE);
    expect(toleranceFor('toString')).toBe(UNKNOWN_PROVIDER_TOLERANCE);
    for (const value of Object.values(TOLERANCES))
      expect(value).toBeLessThanOrEqual(UNKNOWN_PROVIDER_TOLERANCE);
  });
});

describe('compareOutputs', () => {
  it('passes within the tolerance and names the first item over it', () => {
    const claimed = [
      [0.2, 0.8],
      [0.5, 0.5],
      [0.9, 0.1],
    ];
    expect(compareOutputs(claimed, claimed, 1e-4)).toEqual({ ok: true, maxAbsDiff: 0 });
    const near = claimed.map((row) => row.map((p) => p + 5e-5));
    expect(compareOutputs(claimed, near, 1e-4).ok).toBe(true);
    const off = [claimed[0] ?? [], [0.6, 0.4], [0.7, 0.3]];
    const result = compareOutputs(claimed, off, 1e-4);
    expect(result.ok).toBe(false);
    expect(result.item).toBe(1);
    expect(result.maxAbsDiff).toBeCloseTo(0.2, 10);
  });

  it('treats a missing item, a wrong length or a non-number as the largest gap', () => {
    expect(compareOutputs([[0.5, 0.5]], [], 0.1)).toEqual({ ok: false, maxAbsDiff: 1, item: 0 });
    expect(compareOutputs([[0.5, 0.5]], [[0.5]], 0.1)).toEqual({ ok: false, maxAbsDiff: 1, item: 0 });
    expect(compareOutputs([[0.5, Number.NaN]], [[0.5, 0.5]], 0.1)).toEqual({
      ok: false,
      maxAbsDiff: 1,
      item: 0,
    });
  });
});
