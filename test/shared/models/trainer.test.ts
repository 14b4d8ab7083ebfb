import { describe, expect, it } from 'vitest';
import { bagForward } from '../../../shared/models/bag.js';
import { Featuriser } from '../../../shared/models/featuriser.js';
import { trainBag } from '../../../shared/models/trainer.js';
import { keywordItems, SMALL_FEATURISER } from './fixtures.js';

function setup(n: number, offset = 0) {
  const f = new Featuriser(SMALL_FEATURISER);
  const items = keywordItems(n, offset);
  return { features: items.map((it) => f.featurise(it.text)), targets: items.map((it) => it.target) };
}

const base = { classes: 3, buckets: SMALL_FEATURISER.buckets, dim: 8, epochs: 10, lr: 1, seed: 7 };

describe('trainBag', () => {
  it('learns a small separable task and generalises to unseen filler combinations', () => {
    const train = setup(120);
    const { parameters, epochLoss } = trainBag({ ...train, ...base });
    expect(epochLoss[epochLoss.length - 1]!).toBeLessThan(epochLoss[0]! / 4);
    const test = setup(60, 1000);
    let correct = 0;
    test.features.forEach((bag, i) => {
      const probs = bagForward(parameters, bag.ids, bag.weights);
      expect(probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
      if (probs.indexOf(Math.max(...probs)) === test.targets[i]) correct++;
    });
    expect(correct / test.features.length).toBeGreaterThanOrEqual(0.95);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const train = setup(30);
    const a = trainBag({ ...train, ...base, epochs: 2 });
    const b = trainBag({ ...train, ...base, epochs: 2 });
    const c = trainBag({ ...train, ...base, epochs: 2, seed: 8 });
    expect(b.parameters.weight).toEqual(a.parameters.weight);
    expect(b.parameters.embedding).toEqual(a.parameters.embedding);
    expect(c.parameters.weight).not.toEqual(a.parameters.weight);
  });

  it('reports progress up to the total number of steps', () => {
    const train = setup(30);
    const seen: number[] = [];
    trainBag({
      ...train,
      ...base,
      epochs: 3,
      progressEvery: 10,
      onProgress: (done, total) => seen.push(done / total),
    });
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.length).toBe(10);
  });

  it('rejects bad parameters with typed errors', () => {
    const train = setup(6);
    expect(() => trainBag({ ...train, ...base, dim: 0 })).toThrow(/dim/);
    expect(() => trainBag({ ...train, ...base, lr: -1 })).toThrow(/lr/);
    expect(() => trainBag({ ...train, ...base, targets: [0, 1, 2, 3, 0, 1] })).toThrow(/class index/);
    expect(() => trainBag({ ...train, ...base, features: [] })).toThrow(/at least one/);
  });
});
