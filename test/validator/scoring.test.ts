import { describe, expect, it } from 'vitest';
import {
  itemScore,
  LOG_SCORE_MIN_PROBABILITY,
  latencyFactor,
  MovingAverageScores,
  type ScoreEntry,
  ScoringError,
  type ScoringRule,
} from '../../validator/scoring.js';
import { prng } from '../helpers/prng.js';

function randomDistribution(next: () => number, k: number): number[] {
  const raw = Array.from({ length: k }, () => next() + 1e-3);
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / total);
}

function expectScoringError(fn: () => unknown, code: string): ScoringError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ScoringError);
    expect((err as ScoringError).code).toBe(code);
    return err as ScoringError;
  }
  throw new Error(`expected ScoringError ${code}`);
}

describe('itemScore', () => {
  it('Brier: 1 for a certain right answer, 0 for a certain wrong one, 2/3 for uniform over 3', () => {
    expect(itemScore([0, 1, 0], 1, 'brier')).toBe(1);
    expect(itemScore([1, 0, 0], 1, 'brier')).toBe(0);
    expect(itemScore([1 / 3, 1 / 3, 1 / 3], 0, 'brier')).toBeCloseTo(2 / 3, 12);
    // 1 - ((0.4)^2 + 0.4^2) / 2 for a two-class 0.6/0.4 answer on the right class.
    expect(itemScore([0.6, 0.4], 0, 'brier')).toBeCloseTo(1 - 0.16, 12);
  });

  it('log: 1 at p=1, 0 at or below the clip, halfway at sqrt of the clip', () => {
    expect(itemScore([0, 1], 1, 'log')).toBe(1);
    expect(itemScore([1, 0], 1, 'log')).toBe(0);
    expect(itemScore([1 - LOG_SCORE_MIN_PROBABILITY, LOG_SCORE_MIN_PROBABILITY], 1, 'log')).toBeCloseTo(
      0,
      12,
    );
    expect(itemScore([0.99, 0.01], 1, 'log')).toBeCloseTo(0.5, 12);
  });

  it.each<ScoringRule>(['brier', 'log'])(
    '%s is proper: the true distribution beats nearby reports',
    (rule) => {
      const rng = prng(61);
      for (let trial = 0; trial < 200; trial++) {
        const k = 2 + rng.int(5);
        const truth = randomDistribution(rng.next, k);
        const expected = (report: number[]) =>
          truth.reduce((acc, q, label) => acc + q * itemScore(report, label, rule), 0);
        const honest = expected(truth);
        // A different report: mix in another distribution.
        const other = randomDistribution(rng.next, k);
        const mix = 0.05 + 0.9 * rng.next();
        const report = truth.map((q, i) => (1 - mix) * q + mix * other[i]!);
        expect(expected(report)).toBeLessThanOrEqual(honest + 1e-12);
      }
    },
  );

  it.each<ScoringRule>(['brier', 'log'])('%s stays within [0,1] on random valid vectors', (rule) => {
    const rng = prng(7);
    for (let trial = 0; trial < 500; trial++) {
      const k = 2 + rng.int(8);
      const score = itemScore(randomDistribution(rng.next, k), rng.int(k), rule);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it.each<ScoringRule>(['brier', 'log'])('%s gives 0 to malformed vectors', (rule) => {
    const bad: number[][] = [
      [],
      [Number.NaN, 1],
      [Number.POSITIVE_INFINITY, 0],
      [-0.2, 1.2],
      [0.5, 0.4],
      [0.7, 0.7],
      [0, 0],
    ];
    for (const vector of bad) expect(itemScore(vector, 0, rule)).toBe(0);
    // Too short for the true label, and the wrong number of classes when the task says how many.
    expect(itemScore([1], 1, rule)).toBe(0);
    expect(itemScore([0, 1], 1, rule, 3)).toBe(0);
    expect(itemScore([0, 1, 0, 0], 1, rule, 3)).toBe(0);
    expect(itemScore('garbage' as unknown as number[], 0, rule)).toBe(0);
    expect(itemScore([0.5, '0.5'] as unknown as number[], 0, rule)).toBe(0);
  });

  it('renormalises a vector whose sum is within tolerance', () => {
    const drift = [0.6003, 0.4];
    const exact = [0.6003 / 1.0003, 0.4 / 1.0003];
    expect(itemScore(drift, 0, 'brier')).toBeCloseTo(itemScore(exact, 0, 'brier'), 12);
    expect(itemScore(drift, 1, 'log')).toBeCloseTo(itemScore(exact, 1, 'log'), 12);
  });

  it('throws a typed error for a bad true index or rule (the caller’s bug, not the miner’s)', () => {
    expectScoringError(() => itemScore([0.5, 0.5], -1, 'brier'), 'INVALID_TRUE_INDEX');
    expectScoringError(() => itemScore([0.5, 0.5], 0.5, 'brier'), 'INVALID_TRUE_INDEX');
    expectScoringError(() => itemScore([0.5, 0.5], 2, 'brier', 2), 'INVALID_TRUE_INDEX');
    expectScoringError(() => itemScore([0.5, 0.5], 0, 'hinge' as ScoringRule), 'INVALID_RULE');
  });
});

describe('latencyFactor', () => {
  const options = { targetMs: 100, timeoutMs: 1100, floor: 0.2 };

  it('is 1 up to the target, linear down to the floor at the timeout, 0 when late', () => {
    expect(latencyFactor(0, options)).toBe(1);
    expect(latencyFactor(100, options)).toBe(1);
    expect(latencyFactor(600, options)).toBeCloseTo(0.6, 12);
    expect(latencyFactor(1100, options)).toBeCloseTo(0.2, 12);
    expect(latencyFactor(1101, options)).toBe(0);
    expect(latencyFactor(500, { targetMs: 0, timeoutMs: 1000 })).toBeCloseTo(0.5, 12);
  });

  it('treats a negative latency as instant and NaN as late', () => {
    expect(latencyFactor(-5, options)).toBe(1);
    expect(latencyFactor(Number.NaN, options)).toBe(0);
    expect(latencyFactor(Number.POSITIVE_INFINITY, options)).toBe(0);
  });

  it('never rises with latency', () => {
    const rng = prng(3);
    for (let trial = 0; trial < 200; trial++) {
      const a = rng.next() * 1500;
      const b = a + rng.next() * 500;
      expect(latencyFactor(b, options)).toBeLessThanOrEqual(latencyFactor(a, options));
    }
  });

  it('rejects inconsistent options', () => {
    expectScoringError(() => latencyFactor(1, { targetMs: -1, timeoutMs: 10 }), 'INVALID_OPTION');
    expectScoringError(() => latencyFactor(1, { targetMs: 10, timeoutMs: 5 }), 'INVALID_OPTION');
    expectScoringError(() => latencyFactor(1, { targetMs: 1, timeoutMs: 5, floor: 1.5 }), 'INVALID_OPTION');
    expectScoringError(() => latencyFactor(1, { targetMs: 1, timeoutMs: Number.NaN }), 'INVALID_OPTION');
  });
});

describe('MovingAverageScores', () => {
  it('starts from 0 and folds scores in with alpha', () => {
    const scores = new MovingAverageScores(0.1);
    expect(scores.update(3, 'hk3', 1, 1)).toBeCloseTo(0.1, 12);
    expect(scores.update(3, 'hk3', 0.5, 2)).toBeCloseTo(0.1 * 0.5 + 0.9 * 0.1, 12);
    expect(scores.get(3)).toMatchObject({ uid: 3, hotkey: 'hk3', rounds: 2, lastRound: 2 });
    expect(scores.get(4)).toBeUndefined();
  });

  it('converges to a constant score', () => {
    const scores = new MovingAverageScores(0.3);
    let average = 0;
    for (let round = 0; round < 100; round++) average = scores.update(0, 'hk', 0.8, round);
    expect(average).toBeCloseTo(0.8, 9);
  });

  it('resets a uid taken by a new hotkey (re-registration starts from zero)', () => {
    const scores = new MovingAverageScores(0.5);
    for (let round = 0; round < 10; round++) scores.update(1, 'old', 1, round);
    expect(scores.get(1)!.score).toBeGreaterThan(0.99);
    expect(scores.update(1, 'new', 0, 10)).toBe(0);
    expect(scores.get(1)).toEqual({ uid: 1, hotkey: 'new', score: 0, rounds: 1, lastRound: 10 });
  });

  it('treats a non-finite or negative round score as 0 and rejects bad uids', () => {
    const scores = new MovingAverageScores(0.5);
    scores.update(0, 'hk', 1, 0);
    expect(scores.update(0, 'hk', Number.NaN, 1)).toBeCloseTo(0.25, 12);
    expect(scores.update(0, 'hk', -3, 2)).toBeCloseTo(0.125, 12);
    expectScoringError(() => scores.update(-1, 'hk', 1, 0), 'INVALID_UID');
    expectScoringError(() => scores.update(1.5, 'hk', 1, 0), 'INVALID_UID');
  });

  it('rejects an alpha outside (0,1]', () => {
    for (const alpha of [0, -0.1, 1.01, Number.NaN]) {
      expectScoringError(() => new MovingAverageScores(alpha), 'INVALID_OPTION');
    }
    expect(new MovingAverageScores(1).alpha).toBe(1);
  });

  it('prunes uids whose hotkey left the metagraph or changed', () => {
    const scores = new MovingAverageScores(0.2);
    scores.update(0, 'a', 1, 0);
    scores.update(1, 'b', 1, 0);
    scores.update(2, 'c', 1, 0);
    scores.prune(
      new Map([
        [0, 'a'],
        [1, 'other'],
      ]),
    );
    expect(scores.entries().map((e) => e.uid)).toEqual([0]);
  });

  it('hands out copies, ordered by uid', () => {
    const scores = new MovingAverageScores(0.2);
    scores.update(5, 'e', 1, 0);
    scores.update(2, 'b', 1, 0);
    const entries = scores.entries();
    expect(entries.map((e) => e.uid)).toEqual([2, 5]);
    entries[0]!.score = 99;
    scores.get(5)!.score = 99;
    expect(scores.get(2)!.score).toBeCloseTo(0.2, 12);
    expect(scores.get(5)!.score).toBeCloseTo(0.2, 12);
  });

  it('round-trips through JSON text', () => {
    const rng = prng(11);
    const scores = new MovingAverageScores(0.15);
    for (let round = 0; round < 50; round++) {
      scores.update(rng.int(20), `hk${rng.int(3)}`, rng.next(), round);
    }
    const restored = MovingAverageScores.fromJSON(JSON.parse(JSON.stringify(scores)));
    expect(restored.alpha).toBe(0.15);
    expect(restored.entries()).toEqual(scores.entries());
    // The restored average keeps folding from where it was.
    const uid = scores.entries()[0]!.uid;
    const hotkey = scores.get(uid)!.hotkey;
    expect(restored.update(uid, hotkey, 0.5, 51)).toBe(scores.update(uid, hotkey, 0.5, 51));
  });

  it('fromJSON names the first bad field', () => {
    const entry: ScoreEntry = { uid: 1, hotkey: 'hk', score: 0.5, rounds: 2, lastRound: 7 };
    const cases: Array<[unknown, string]> = [
      [null, '$'],
      [[], '$'],
      [{ alpha: 2, entries: [] }, '$.alpha'],
      [{ alpha: 0.1 }, '$.entries'],
      [{ alpha: 0.1, entries: [42] }, '$.entries[0]'],
      [{ alpha: 0.1, entries: [{ ...entry, uid: -1 }] }, '$.entries[0].uid'],
      [{ alpha: 0.1, entries: [entry, entry] }, '$.entries[1].uid'],
      [{ alpha: 0.1, entries: [{ ...entry, hotkey: '' }] }, '$.entries[0].hotkey'],
      [{ alpha: 0.1, entries: [{ ...entry, score: 'high' }] }, '$.entries[0].score'],
      [{ alpha: 0.1, entries: [{ ...entry, score: -1 }] }, '$.entries[0].score'],
      [{ alpha: 0.1, entries: [{ ...entry, rounds: 1.5 }] }, '$.entries[0].rounds'],
      [{ alpha: 0.1, entries: [{ ...entry, lastRound: null }] }, '$.entries[0].lastRound'],
    ];
    for (const [json, path] of cases) {
      const err = expectScoringError(() => MovingAverageScores.fromJSON(json), 'BAD_STATE');
      expect(err.type).toMatchObject({ path });
    }
  });
});
