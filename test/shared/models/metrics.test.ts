import { describe, expect, it } from 'vitest';
import {
  accuracy,
  brierScore,
  classificationMetrics,
  expectedCalibrationError,
  logLoss,
  perClassMetrics,
} from '../../../shared/models/metrics.js';

// Four items, two classes; worked by hand in the comments.
const probs = [0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7];
const targets = [0, 1, 1, 1];

describe('classification metrics on a hand-checked case', () => {
  it('accuracy: items 0, 1 and 3 are right, item 2 predicts 0 for a 1', () => {
    expect(accuracy(probs, targets, 2)).toBe(0.75);
  });

  it('log loss: −(ln .9 + ln .8 + ln .4 + ln .7) / 4', () => {
    expect(logLoss(probs, targets, 2)).toBeCloseTo(1.6014697 / 4, 6);
  });

  it('Brier: (0.02 + 0.08 + 0.72 + 0.18) / 4', () => {
    expect(brierScore(probs, targets, 2)).toBeCloseTo(0.25, 10);
  });

  it('per class: class 0 (1 item) is predicted twice, once right; class 1 is 2 of 3, both predictions right', () => {
    expect(perClassMetrics(probs, targets, 2)).toEqual([
      { n: 1, recall: 1, precision: 0.5 },
      { n: 3, recall: 2 / 3, precision: 1 },
    ]);
    // A third class nobody predicts: precision NaN.
    expect(perClassMetrics([0.5, 0.3, 0.2], [2], 3)[2]).toEqual({ n: 1, recall: 0, precision: Number.NaN });
  });

  it('ECE with 10 bins: each item alone in its bin, (0.1 + 0.2 + 0.6 + 0.3) / 4', () => {
    expect(expectedCalibrationError(probs, targets, 2, 10)).toBeCloseTo(0.3, 10);
  });

  it('ECE with one bin: accuracy 0.75 equals mean confidence 0.75', () => {
    expect(expectedCalibrationError(probs, targets, 2, 1)).toBeCloseTo(0, 10);
  });

  it('classificationMetrics bundles them and states the bin count', () => {
    expect(classificationMetrics(probs, targets, 2, 10)).toMatchObject({ n: 4, accuracy: 0.75, eceBins: 10 });
  });
});

describe('edge cases', () => {
  it('a perfect one-hot predictor scores 1 / 0 / 0 / 0', () => {
    const p = [1, 0, 0, 0, 0, 1, 0, 1, 0];
    const t = [0, 2, 1];
    expect(classificationMetrics(p, t, 3)).toMatchObject({ accuracy: 1, logLoss: 0, brier: 0, ece: 0 });
  });

  it('a certain miss costs −ln(1e−15) and Brier 2', () => {
    expect(logLoss([0, 1], [0], 2)).toBeCloseTo(-Math.log(1e-15), 8);
    expect(brierScore([0, 1], [0], 2)).toBe(2);
  });

  it('ties go to the first class', () => {
    expect(accuracy([0.5, 0.5], [0], 2)).toBe(1);
  });

  it('rejects shape mismatches and bad targets', () => {
    expect(() => accuracy([0.5, 0.5, 1], [0], 2)).toThrow(/targets.length × classes/);
    expect(() => logLoss([0.5, 0.5], [2], 2)).toThrow(/not a class index/);
    expect(() => expectedCalibrationError(probs, targets, 2, 0)).toThrow(/bins/);
  });
});
