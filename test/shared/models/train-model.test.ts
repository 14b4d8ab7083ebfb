import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateItems, getTask } from '../../../shared/domains/index.js';
import { DomainModel } from '../../../shared/models/domain-model.js';
import { evaluateModel } from '../../../shared/models/evaluate.js';
import {
  generateMixedItems,
  mixCounts,
  mixString,
  type TrainModelParameters,
  trainModel,
} from '../../../shared/models/train-model.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-train-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const SMALL: Omit<TrainModelParameters, 'out'> = {
  domain: 'finance',
  task: 'sentiment',
  dim: 8,
  buckets: 1 << 12,
  wordNgrams: 2,
  charNgrams: null,
  epochs: 6,
  lr: 1,
  seed: 5,
  trainSize: 300,
  mix: { easy: 1, standard: 2 },
  validSize: 90,
};

describe('difficulty mix', () => {
  it('splits the items by weight, exactly, and names the mix canonically', () => {
    expect(mixCounts({ easy: 1, standard: 3 }, 100)).toEqual([
      ['easy', 25],
      ['standard', 75],
    ]);
    // Largest remainder: 10 × (1/3, 1/3, 1/3) → 4, 3, 3.
    expect(mixCounts({ hard: 1, easy: 1, standard: 1 }, 10)).toEqual([
      ['easy', 4],
      ['standard', 3],
      ['hard', 3],
    ]);
    expect(mixCounts(undefined, 7)).toEqual([['standard', 7]]);
    expect(() => mixCounts({ easy: 0 }, 5)).toThrow(/positive/);
    expect(mixString({ hard: 2, easy: 1, standard: 0 })).toBe('easy:1,hard:2');
    expect(mixString(undefined)).toBe('standard:1');
  });

  it('draws each difficulty from its own stream of the same seed', () => {
    const spec = { domain: 'finance', task: 'sentiment' } as const;
    const mixed = generateMixedItems(getTask(spec.domain, spec.task), 'mix-seed', 9, { easy: 1, hard: 2 });
    expect(mixed).toHaveLength(9);
    expect(mixed.slice(0, 3)).toEqual(generateItems({ ...spec, seed: 'mix-seed', n: 3, difficulty: 'easy' }));
    expect(mixed.slice(3)).toEqual(generateItems({ ...spec, seed: 'mix-seed', n: 6, difficulty: 'hard' }));
  });
});

describe('trainModel on generated domain items', () => {
  it('writes a loadable, reproducible model whose manifest records settings and metrics', async () => {
    const phases = new Set<string>();
    const a = await trainModel({ ...SMALL, out: join(root, 'a'), onProgress: (phase) => phases.add(phase) });
    const b = await trainModel({ ...SMALL, out: join(root, 'b') });
    expect([...phases]).toEqual(['generate', 'train', 'validate', 'write']);
    expect(b.manifest.onnx.sha256).toBe(a.manifest.onnx.sha256);
    expect(a.manifest).toMatchObject({
      kind: 'expertnet-bag',
      domain: 'finance',
      task: 'sentiment',
      labels: ['positive', 'negative', 'neutral'],
      featuriser: { buckets: 4096, wordNgrams: 2, charNgrams: null },
      training: { dim: 8, epochs: 6, seed: 5, trainSize: 300, mix: 'easy:1,standard:2' },
    });
    expect(a.manifest.metrics?.validSize).toBe(90);

    const model = await DomainModel.load(a.dir);
    try {
      const items = generateItems({ domain: 'finance', task: 'sentiment', seed: 'fresh-eval', n: 150 });
      const report = await evaluateModel({ model, items, batchSize: 32 });
      // Better than chance (1/3) after a few hundred items; calibrated metrics in range.
      expect(report.accuracy).toBeGreaterThan(0.45);
      expect(report.n).toBe(150);
      expect(report.brier).toBeGreaterThan(0);
      expect(report.brier).toBeLessThan(2);
      expect(report.ece).toBeGreaterThanOrEqual(0);
      expect(report.itemsPerSecond).toBeGreaterThan(0);
    } finally {
      await model.close();
    }
  });

  it('rejects an unknown task and a training set smaller than the label count', async () => {
    await expect(trainModel({ ...SMALL, task: 'weather', out: join(root, 'x') })).rejects.toThrow(
      /unknown task/,
    );
    await expect(trainModel({ ...SMALL, trainSize: 2, out: join(root, 'y') })).rejects.toThrow(/trainSize/);
  });
});
