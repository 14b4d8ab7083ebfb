import { describe, expect, it } from 'vitest';
import { CalibrationError, CalibrationTracker, calibrationSamples } from '../../validator/calibration.js';

const HOT = '5Hotkey';

describe('CalibrationTracker', () => {
  it('is 0 for a miner whose confidence matches its accuracy', () => {
    const tracker = new CalibrationTracker({ bins: 10 });
    // 0.75 confidence, right 3 times out of 4.
    tracker.record(
      1,
      HOT,
      [true, true, true, false].map((correct) => ({ confidence: 0.75, correct })),
    );
    expect(tracker.ece(1, HOT)).toBeCloseTo(0, 12);
  });

  it('measures overconfidence: says 0.99, right 70 % of the time', () => {
    const tracker = new CalibrationTracker();
    const samples = Array.from({ length: 100 }, (_, i) => ({ confidence: 0.99, correct: i < 70 }));
    tracker.record(2, HOT, samples);
    expect(tracker.ece(2, HOT)).toBeCloseTo(0.29, 6);
  });

  it('weights bins by their share of items', () => {
    const tracker = new CalibrationTracker({ bins: 10 });
    // Bin 0.9x: 2 items at 0.95, both right (gap 0.05). Bin 0.5x: 2 items at 0.55, none right (gap 0.55).
    tracker.record(3, HOT, [
      { confidence: 0.95, correct: true },
      { confidence: 0.95, correct: true },
      { confidence: 0.55, correct: false },
      { confidence: 0.55, correct: false },
    ]);
    expect(tracker.ece(3, HOT)).toBeCloseTo(0.5 * 0.05 + 0.5 * 0.55, 6);
  });

  it('keeps only the last `window` items', () => {
    const tracker = new CalibrationTracker({ window: 4 });
    tracker.record(
      4,
      HOT,
      Array.from({ length: 10 }, () => ({ confidence: 0.9, correct: false })),
    );
    tracker.record(
      4,
      HOT,
      Array.from({ length: 4 }, () => ({ confidence: 0.9, correct: true })),
    );
    expect(tracker.items(4, HOT)).toBe(4);
    expect(tracker.ece(4, HOT)).toBeCloseTo(0.1, 6);
  });

  it('starts afresh when the uid changes hands and forgets pruned uids', () => {
    const tracker = new CalibrationTracker();
    tracker.record(5, HOT, [{ confidence: 1, correct: false }]);
    expect(tracker.ece(5, 'other')).toBeUndefined();
    tracker.record(5, 'other', [{ confidence: 0.5, correct: true }]);
    expect(tracker.items(5, 'other')).toBe(1);
    expect(tracker.ece(5, HOT)).toBeUndefined();
    tracker.prune(new Map([[5, 'someone else']]));
    expect(tracker.items(5, 'other')).toBe(0);
  });

  it('is undefined before any item and refuses bad options', () => {
    expect(new CalibrationTracker().ece(9, HOT)).toBeUndefined();
    expect(() => new CalibrationTracker({ window: 0 })).toThrow(CalibrationError);
    expect(() => new CalibrationTracker({ bins: 1.5 })).toThrow(/bins/);
  });
});

describe('calibrationSamples', () => {
  it('takes the top probability and whether it is the true class; skips malformed items', () => {
    const samples = calibrationSamples(
      [
        [0.1, 0.7, 0.2],
        [0.6, 0.3, 0.1],
        [0.5, Number.NaN, 0.5],
        [0.5, 0.5],
        [0.2, 0.2, 0.6],
      ],
      [1, 2, 0, 0, -1],
      3,
    );
    expect(samples.map((s) => s.correct)).toEqual([true, false]);
    expect(samples[0]?.confidence).toBeCloseTo(0.7, 12);
    expect(samples[1]?.confidence).toBeCloseTo(0.6, 12);
  });
});
