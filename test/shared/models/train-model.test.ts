import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateItems } from '../../../shared/domains/index.js';
import { DomainModel } from '../../../shared/models/domain-model.js';
import { evaluateModel } from '../../../shared/models/evaluate.js';
import { type TrainModelParameters, trainModel } from '../../../shared/models/train-model.js';

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
  epochs: 4,
  lr: 1,
  seed: 5,
  trainSize: 240,
  validSize: 90,
};

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
      training: { dim: 8, epochs: 4, seed: 5, trainSize: 240 },
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
