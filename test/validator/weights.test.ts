import { describe, expect, it } from 'vitest';
import { checkVecMaxLimited } from '../../chain/yuma/index.js';
import {
  type MinerScore,
  maxShareWithin,
  normalizeMaxWeight,
  parseDomainShares,
  processWeights,
  rawWeights,
  toU16Weights,
  U16_MAX,
  WeightsError,
  weightsForChain,
} from '../../validator/weights.js';
import { prng, type Rng } from '../helpers/prng.js';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function expectWeightsError(fn: () => unknown, code: string): WeightsError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WeightsError);
    expect((err as WeightsError).code).toBe(code);
    return err as WeightsError;
  }
  throw new Error(`expected WeightsError ${code}`);
}

/** Weights with zeros, ties and heavy tails, so the cap and the quantile both have work to do. */
function randomWeights(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => {
    const r = rng.next();
    if (r < 0.25) return 0;
    if (r < 0.3) return 0.5;
    return rng.next() ** (1 + rng.int(8));
  });
}

describe('normalizeMaxWeight', () => {
  it('caps the largest entries at the common cutoff that meets the limit', () => {
    // Nine 1s and a 10 with limit 0.2: the 10 is capped at c where c / (9 + c) = 0.2, i.e. c = 2.25.
    const y = normalizeMaxWeight([1, 1, 1, 1, 10, 1, 1, 1, 1, 1], 0.2);
    expect(sum(y)).toBeCloseTo(1, 12);
    expect(y[4]).toBeCloseTo(0.2, 6);
    expect(y[4]).toBeLessThanOrEqual(0.2);
    expect(y[0]).toBeCloseTo(1 / 11.25, 6);
  });

  it('only normalises when the limit already holds', () => {
    expect(normalizeMaxWeight([1, 2, 3, 4], 0.5)).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it('is uniform when the vector is all zero or too short to meet the limit', () => {
    expect(normalizeMaxWeight([0, 0, 0, 0], 0.5)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(normalizeMaxWeight([1, 5, 9], 0.3)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(normalizeMaxWeight([7], 1)).toEqual([1]);
    expect(normalizeMaxWeight([], 0.1)).toEqual([]);
  });

  it('keeps order: a larger input never gets a smaller output', () => {
    const rng = prng(21);
    for (let trial = 0; trial < 200; trial++) {
      const x = randomWeights(rng, 2 + rng.int(50));
      const y = normalizeMaxWeight(x, 0.05 + 0.5 * rng.next());
      for (let i = 1; i < x.length; i++) {
        if (x[i]! > x[i - 1]!) expect(y[i]!).toBeGreaterThanOrEqual(y[i - 1]!);
      }
    }
  });
});

describe('processWeights', () => {
  const noLimit = { minAllowedWeights: 0, maxWeightsLimit: U16_MAX };

  it('all zero: uniform over every uid of the subnet', () => {
    const out = processWeights([2, 3], [0, 0], { n: 5, ...noLimit });
    expect(out.uids).toEqual([0, 1, 2, 3, 4]);
    expect(out.weights).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(processWeights([], [], { n: 0, ...noLimit })).toEqual({ uids: [], weights: [] });
  });

  it('fewer neurons than MinAllowedWeights: uniform over every uid', () => {
    const out = processWeights([0, 1, 2], [0.5, 0.3, 0.2], {
      n: 3,
      minAllowedWeights: 8,
      maxWeightsLimit: U16_MAX,
    });
    expect(out).toEqual({ uids: [0, 1, 2], weights: [1 / 3, 1 / 3, 1 / 3] });
  });

  it('one miner scored: all of the weight goes to it', () => {
    const out = processWeights(range(8), [0, 0, 0, 0.7, 0, 0, 0, 0], {
      n: 8,
      minAllowedWeights: 1,
      maxWeightsLimit: U16_MAX,
    });
    expect(out).toEqual({ uids: [3], weights: [1] });
  });

  it('fewer non-zero weights than MinAllowedWeights: every uid padded with 1e-5', () => {
    const out = processWeights([1, 3], [1, 3], { n: 4, minAllowedWeights: 3, maxWeightsLimit: U16_MAX });
    expect(out.uids).toEqual([0, 1, 2, 3]);
    const total = 4 + 4e-5;
    expect(out.weights[0]).toBeCloseTo(1e-5 / total, 12);
    expect(out.weights[1]).toBeCloseTo((1 + 1e-5) / total, 12);
    expect(out.weights[2]).toBeCloseTo(1e-5 / total, 12);
    expect(out.weights[3]).toBeCloseTo((3 + 1e-5) / total, 12);
    // The padding follows the uid, not the position in the input.
    const shuffled = processWeights([3, 1], [3, 1], { n: 4, minAllowedWeights: 3, maxWeightsLimit: U16_MAX });
    expect(shuffled).toEqual(out);
  });

  it('more scored miners than MaxWeightsLimit allows at full weight: the top ones are capped', () => {
    const weights = range(40).map((i) => (i + 1) ** 3);
    const maxWeightsLimit = Math.round(0.05 * U16_MAX);
    const out = processWeights(range(40), weights, { n: 40, minAllowedWeights: 1, maxWeightsLimit });
    expect(out.uids).toEqual(range(40));
    expect(sum(out.weights)).toBeCloseTo(1, 12);
    expect(Math.max(...out.weights)).toBeLessThanOrEqual(maxWeightsLimit / U16_MAX);
    // The uncapped ones keep their proportions.
    expect(out.weights[1]! / out.weights[0]!).toBeCloseTo(8, 9);
  });

  it('drops the lowest quantile, but never below MinAllowedWeights', () => {
    const weights = range(10).map((i) => i + 1);
    // Median of 1..10 is 5.5: 6..10 stay.
    const half = processWeights(range(10), weights, { n: 10, ...noLimit, excludeQuantile: 0.5 });
    expect(half.uids).toEqual([5, 6, 7, 8, 9]);
    expect(sum(half.weights)).toBeCloseTo(1, 12);
    expect(half.weights[0]).toBeCloseTo(6 / 40, 12);
    // With 8 required, at most 2/10 may go: the 0.2 quantile of 1..10 is 2.8, so 3..10 stay.
    const capped = processWeights(range(10), weights, {
      n: 10,
      minAllowedWeights: 8,
      maxWeightsLimit: U16_MAX,
      excludeQuantile: 0.5,
    });
    expect(capped.uids).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('leaves out zero and negative weights', () => {
    const out = processWeights([0, 1, 2, 3], [1, 0, -4, 3], { n: 4, ...noLimit });
    expect(out).toEqual({ uids: [0, 3], weights: [0.25, 0.75] });
  });

  it('rejects malformed input with typed errors', () => {
    const limits = { n: 4, ...noLimit };
    expectWeightsError(() => processWeights([0, 1], [1], limits), 'LENGTH_MISMATCH');
    expectWeightsError(() => processWeights([0, 4], [1, 1], limits), 'INVALID_UID');
    expectWeightsError(() => processWeights([0, -1], [1, 1], limits), 'INVALID_UID');
    expectWeightsError(() => processWeights([1, 1], [1, 1], limits), 'DUPLICATE_UID');
    expectWeightsError(() => processWeights([0, 1], [1, Number.NaN], limits), 'INVALID_WEIGHT');
    expectWeightsError(() => processWeights([0, 1], [1, Number.POSITIVE_INFINITY], limits), 'INVALID_WEIGHT');
    expectWeightsError(
      () => processWeights([0], [1], { ...limits, maxWeightsLimit: 70_000 }),
      'INVALID_LIMIT',
    );
    expectWeightsError(() => processWeights([0], [1], { ...limits, excludeQuantile: 2 }), 'INVALID_LIMIT');
    expectWeightsError(() => processWeights([0], [1], { ...limits, minAllowedWeights: -1 }), 'INVALID_LIMIT');
  });

  it('property: sums to 1, meets the limit whenever it can, keeps at least MinAllowedWeights uids', () => {
    const rng = prng(42);
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + rng.int(200);
      const limits = {
        n,
        minAllowedWeights: rng.int(Math.min(n, 16) + 1),
        maxWeightsLimit: 1 + rng.int(U16_MAX),
        excludeQuantile: rng.next() < 0.5 ? 0 : rng.next(),
      };
      const out = processWeights(range(n), randomWeights(rng, n), limits);
      expect(sum(out.weights)).toBeCloseTo(1, 9);
      expect(out.uids.length).toBeGreaterThanOrEqual(Math.min(limits.minAllowedWeights, n));
      expect(new Set(out.uids).size).toBe(out.uids.length);
      const limit = limits.maxWeightsLimit / U16_MAX;
      if (out.uids.length * limit > 1) expect(Math.max(...out.weights)).toBeLessThanOrEqual(limit);
    }
  });
});

describe('toU16Weights', () => {
  it('max-upscales to 65535, rounds half to even like Python, drops zeros', () => {
    expect(toU16Weights([4, 7, 9], [0.5, 0.25, 0])).toEqual({ uids: [4, 7], weights: [65535, 32768] });
    // 1e-6 of the max rounds to 0 and is left out.
    expect(toU16Weights([0, 1], [1, 1e-6])).toEqual({ uids: [0], weights: [65535] });
    // 2.5/65535 of the max is exactly 2.5 after scaling: Python's round gives 2.
    expect(toU16Weights([0, 1], [65535, 2.5]).weights).toEqual([65535, 2]);
    expect(toU16Weights([0, 1], [65535, 3.5]).weights).toEqual([65535, 4]);
  });

  it('all zero or empty: nothing to set', () => {
    expect(toU16Weights([0, 1], [0, 0])).toEqual({ uids: [], weights: [] });
    expect(toU16Weights([], [])).toEqual({ uids: [], weights: [] });
  });

  it('rejects negative weights and mismatched input', () => {
    expectWeightsError(() => toU16Weights([0, 1], [1, -1]), 'INVALID_WEIGHT');
    expectWeightsError(() => toU16Weights([0], [1, 1]), 'LENGTH_MISMATCH');
    expectWeightsError(() => toU16Weights([70_000], [1]), 'INVALID_UID');
  });

  it('rounds up instead when plain rounding would break the chain’s MaxWeightsLimit', () => {
    // A capped vector where the SDK's rounding pushes the top share over 17218/65535.
    const maxWeightsLimit = 17218;
    const weights = normalizeMaxWeight([920, 131, 633, 699, 588], maxWeightsLimit / U16_MAX);
    const plain = toU16Weights(range(5), weights);
    expect(checkVecMaxLimited(plain.weights, maxWeightsLimit)).toBe(false);
    expect(maxShareWithin(plain.weights, maxWeightsLimit)).toBe(false);
    const fitted = toU16Weights(range(5), weights, maxWeightsLimit);
    expect(checkVecMaxLimited(fitted.weights, maxWeightsLimit)).toBe(true);
    expect(fitted.weights.map((w, i) => w - plain.weights[i]!)).toEqual([0, 1, 1, 1, 1]);
  });

  it('property: processed weights always pass the chain’s checks once converted', () => {
    const rng = prng(5);
    let checked = 0;
    for (let trial = 0; trial < 600; trial++) {
      const n = 2 + rng.int(256);
      const maxWeightsLimit = 1 + rng.int(U16_MAX);
      const minAllowedWeights = rng.int(4);
      const processed = processWeights(range(n), randomWeights(rng, n), {
        n,
        minAllowedWeights,
        maxWeightsLimit,
      });
      const out = toU16Weights(processed.uids, processed.weights, maxWeightsLimit);
      expect(Math.max(...out.weights)).toBe(U16_MAX);
      expect(out.weights.every((w) => Number.isInteger(w) && w > 0 && w <= U16_MAX)).toBe(true);
      expect(out.uids.length).toBeGreaterThanOrEqual(Math.min(minAllowedWeights, n));
      // The limit can only be met by a vector with more than 1/limit entries.
      if (out.uids.length * (maxWeightsLimit / U16_MAX) > 1) {
        checked++;
        expect(checkVecMaxLimited(out.weights, maxWeightsLimit)).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});

describe('rawWeights', () => {
  const shares = { legal: 1, medical: 1, finance: 2 };

  it('splits the budget by domain share, then by score within a domain', () => {
    const scores: MinerScore[] = [
      { uid: 0, domain: 'legal', score: 0.9 },
      { uid: 1, domain: 'legal', score: 0.3 },
      { uid: 2, domain: 'medical', score: 0.5 },
      { uid: 3, domain: 'finance', score: 0.2 },
    ];
    const w = rawWeights(scores, shares);
    expect(w.get(0)).toBeCloseTo(0.25 * 0.75, 12);
    expect(w.get(1)).toBeCloseTo(0.25 * 0.25, 12);
    expect(w.get(2)).toBeCloseTo(0.25, 12);
    expect(w.get(3)).toBeCloseTo(0.5, 12);
  });

  it('sharpens with the power', () => {
    const scores: MinerScore[] = [
      { uid: 0, domain: 'legal', score: 0.8 },
      { uid: 1, domain: 'legal', score: 0.4 },
    ];
    const w = rawWeights(scores, shares, 3);
    expect(w.get(0)! / w.get(1)!).toBeCloseTo(8, 9);
  });

  it('gives the budget of domains without a scoring miner to the others; unknown domains get 0', () => {
    const scores: MinerScore[] = [
      { uid: 0, domain: 'legal', score: 0.5 },
      { uid: 1, domain: 'medical', score: 0 },
      { uid: 2, domain: 'code', score: 0.9 },
      { uid: 3, domain: 'legal', score: Number.NaN },
    ];
    const w = rawWeights(scores, shares);
    expect([...w.entries()]).toEqual([
      [0, 1],
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
  });

  it('all zero when nobody scored', () => {
    const w = rawWeights([{ uid: 4, domain: 'legal', score: 0 }], shares);
    expect([...w.values()]).toEqual([0]);
    expect(rawWeights([], shares).size).toBe(0);
  });

  it('rejects duplicate uids and a bad power', () => {
    const twice: MinerScore[] = [
      { uid: 1, domain: 'legal', score: 1 },
      { uid: 1, domain: 'medical', score: 1 },
    ];
    expectWeightsError(() => rawWeights(twice, shares), 'DUPLICATE_UID');
    expectWeightsError(() => rawWeights([], shares, 0), 'INVALID_LIMIT');
    expectWeightsError(() => rawWeights([], shares, Number.NaN), 'INVALID_LIMIT');
  });

  it('property: sums to 1, follows the domain shares, is monotone in score within a domain', () => {
    const rng = prng(99);
    const domains = ['legal', 'medical', 'finance'];
    for (let trial = 0; trial < 300; trial++) {
      const randomShares = Object.fromEntries(domains.map((d) => [d, rng.int(4)]));
      const scores: MinerScore[] = range(1 + rng.int(64)).map((uid) => ({
        uid,
        domain: rng.pick(domains),
        score: rng.next() < 0.2 ? 0 : rng.next(),
      }));
      const power = 0.5 + 3 * rng.next();
      const w = rawWeights(scores, randomShares, power);
      expect(w.size).toBe(scores.length);
      const active = domains.filter(
        (d) => randomShares[d]! > 0 && scores.some((s) => s.domain === d && s.score > 0),
      );
      const total = sum([...w.values()]);
      if (active.length === 0) {
        expect(total).toBe(0);
        continue;
      }
      expect(total).toBeCloseTo(1, 12);
      const shareTotal = sum(active.map((d) => randomShares[d]!));
      for (const domain of domains) {
        const inDomain = scores.filter((s) => s.domain === domain);
        const budget = sum(inDomain.map((s) => w.get(s.uid)!));
        expect(budget).toBeCloseTo(active.includes(domain) ? randomShares[domain]! / shareTotal : 0, 12);
        if (!active.includes(domain)) continue;
        // Monotone: ordered by score, a strictly higher score gets a strictly higher weight.
        const ordered = [...inDomain].sort((a, b) => a.score - b.score);
        for (let i = 1; i < ordered.length; i++) {
          const [lower, higher] = [ordered[i - 1]!, ordered[i]!];
          if (higher.score > lower.score) expect(w.get(higher.uid)!).toBeGreaterThan(w.get(lower.uid)!);
        }
      }
    }
  });
});

describe('weightsForChain', () => {
  const settings = { domainShares: { legal: 1, medical: 1 }, scorePower: 1, excludeQuantile: 0 };
  const limits = { n: 4, minAllowedWeights: 0, maxWeightsLimit: U16_MAX };
  const miners = [
    { uid: 1, hotkey: 'h1', domain: 'legal' },
    { uid: 2, hotkey: 'h2', domain: 'legal' },
    { uid: 3, hotkey: 'h3', domain: 'medical' },
  ];

  const cases: Array<{
    name: string;
    averages: Array<{ uid: number; hotkey: string; score: number }>;
    input?: Partial<Parameters<typeof weightsForChain>[0]>;
    expected: { uids: number[]; weights: number[] } | undefined;
  }> = [
    {
      name: 'domain budgets, then score shares, scaled so the largest is 65535',
      averages: [
        { uid: 1, hotkey: 'h1', score: 0.6 },
        { uid: 2, hotkey: 'h2', score: 0.2 },
        { uid: 3, hotkey: 'h3', score: 0.5 },
      ],
      // legal 0.5 split 3:1, medical 0.5: 0.375, 0.125, 0.5.
      expected: { uids: [1, 2, 3], weights: [49151, 16384, 65535] },
    },
    {
      name: 'an average earned under another hotkey counts as 0, and so does a miner never scored',
      averages: [
        { uid: 1, hotkey: 'old owner', score: 0.9 },
        { uid: 3, hotkey: 'h3', score: 0.5 },
      ],
      expected: { uids: [3], weights: [65535] },
    },
    {
      name: 'averages of uids that are not miners (the validator, a stopped axon) get nothing',
      averages: [
        { uid: 0, hotkey: 'validator', score: 1 },
        { uid: 2, hotkey: 'h2', score: 0.4 },
      ],
      expected: { uids: [2], weights: [65535] },
    },
    {
      name: 'a domain without a share pays nothing',
      averages: [
        { uid: 1, hotkey: 'h1', score: 0.5 },
        { uid: 3, hotkey: 'h3', score: 0.9 },
      ],
      input: { settings: { ...settings, domainShares: { legal: 1 } } },
      expected: { uids: [1], weights: [65535] },
    },
    {
      name: 'too few non-zero weights: every uid 0..n-1 padded to MinAllowedWeights',
      averages: [{ uid: 1, hotkey: 'h1', score: 0.5 }],
      input: { limits: { ...limits, minAllowedWeights: 3 } },
      expected: { uids: [0, 1, 2, 3], weights: [1, 65535, 1, 1] },
    },
    { name: 'no miners: nothing to set', averages: [], input: { miners: [] }, expected: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(weightsForChain({ miners, averages: c.averages, limits, settings, ...c.input })).toEqual(
        c.expected,
      );
    });
  }

  it('is rawWeights → processWeights → toU16Weights, and the chain accepts the result', () => {
    const rng = prng(7);
    for (let t = 0; t < 50; t++) {
      const n = 2 + rng.int(60);
      const domains = ['legal', 'medical', 'finance'];
      const pool = range(n).map((uid) => ({ uid, hotkey: `h${uid}`, domain: domains[rng.int(3)]! }));
      const averages = pool.map((m) => ({ uid: m.uid, hotkey: m.hotkey, score: rng.next() }));
      const l = { n, minAllowedWeights: rng.int(4), maxWeightsLimit: 10_000 + rng.int(U16_MAX - 10_000) };
      const s = { domainShares: { legal: 1, medical: 2, finance: 1 }, scorePower: 2, excludeQuantile: 0.1 };
      const got = weightsForChain({ miners: pool, averages, limits: l, settings: s });
      const raw = rawWeights(
        pool.map((m, i) => ({ uid: m.uid, domain: m.domain, score: averages[i]!.score })),
        s.domainShares,
        s.scorePower,
      );
      const processed = processWeights([...raw.keys()], [...raw.values()], { ...l, excludeQuantile: 0.1 });
      expect(got).toEqual(toU16Weights(processed.uids, processed.weights, l.maxWeightsLimit));
      if (l.n * (l.maxWeightsLimit / U16_MAX) > 1) {
        expect(checkVecMaxLimited(got!.weights, l.maxWeightsLimit)).toBe(true);
      }
    }
  });

  it('refuses bad settings and limits with a WeightsError', () => {
    const averages = [{ uid: 1, hotkey: 'h1', score: 1 }];
    expectWeightsError(
      () => weightsForChain({ miners, averages, limits, settings: { ...settings, scorePower: 0 } }),
      'INVALID_LIMIT',
    );
    expectWeightsError(
      () => weightsForChain({ miners, averages, limits: { ...limits, n: 2 }, settings }),
      'INVALID_UID',
    );
  });
});

describe('parseDomainShares', () => {
  it('parses the documented form, with spaces and decimals', () => {
    expect(parseDomainShares('legal=1,medical=1,finance=1')).toEqual({ legal: 1, medical: 1, finance: 1 });
    expect(parseDomainShares(' legal = 0.5 , finance=2e0 ')).toEqual({ legal: 0.5, finance: 2 });
    expect(parseDomainShares('medical=0,legal=3')).toEqual({ medical: 0, legal: 3 });
  });

  it.each([
    ['', 'empty'],
    ['legal', 'not domain=share'],
    ['legal=1,', 'not domain=share'],
    ['legl=1', 'unknown domain'],
    ['legal=1,legal=2', 'twice'],
    ['legal=', 'not a number'],
    ['legal=-1', 'not a number'],
    ['legal=0x10', 'not a number'],
    ['legal=abc', 'not a number'],
    ['legal=1e999', 'not finite'],
    ['legal=0,medical=0', 'every share is 0'],
  ])('rejects %j (%s)', (text, reason) => {
    const err = expectWeightsError(() => parseDomainShares(text), 'INVALID_DOMAIN_SHARES');
    expect(err.type).toMatchObject({ text });
    expect(err.shortMessage).toContain(reason);
  });
});
