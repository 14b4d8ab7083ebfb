import { describe, expect, it } from 'vitest';
import { perturbProbabilities } from '../../miner/dev.js';

describe('perturbProbabilities (--dev.perturb)', () => {
  it('moves each value by a bounded amount and keeps every row a distribution', () => {
    const original = Float32Array.from([0.7, 0.2, 0.1, 0.25, 0.25, 0.5]);
    const noisy = perturbProbabilities(Float32Array.from(original), 3, 0.05);
    for (let row = 0; row < 2; row++) {
      const slice = [...noisy.slice(row * 3, row * 3 + 3)];
      expect(slice.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      for (const p of slice) expect(p).toBeGreaterThan(0);
    }
    const moved = noisy.map((p, i) => Math.abs(p - (original[i] ?? 0)));
    expect(Math.max(...moved)).toBeGreaterThan(0);
    // ± amount before renormalising, at most about twice that after.
    expect(Math.max(...moved)).toBeLessThan(0.11);
  });

  it('0 leaves the answer alone', () => {
    const probs = Float32Array.from([0.6, 0.4]);
    expect([...perturbProbabilities(probs, 2, 0)]).toEqual([...Float32Array.from([0.6, 0.4])]);
  });
});
