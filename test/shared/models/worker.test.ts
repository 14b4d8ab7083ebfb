import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainModel } from '../../../shared/models/domain-model.js';
import { trainModel } from '../../../shared/models/train-model.js';

let root: string;
let dir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-worker-'));
  dir = join(root, 'model');
  await trainModel({
    domain: 'finance',
    task: 'event',
    dim: 8,
    buckets: 1 << 12,
    wordNgrams: 1,
    charNgrams: [3, 4],
    epochs: 2,
    lr: 1,
    seed: 2,
    trainSize: 80,
    validSize: 0,
    out: dir,
  });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('DomainModel in a worker thread', () => {
  it('loads and predicts inside a Worker exactly as on the main thread', async () => {
    const texts = ['Acme declared a quarterly dividend of $0.25 per share.', 'The CEO resigned on Monday.'];
    const fromWorker = await new Promise<number[][]>((resolve, reject) => {
      const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
        workerData: { dir, texts },
      });
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`worker exited with ${code}`));
      });
    });
    const model = await DomainModel.load(dir);
    try {
      const local = await model.predict(texts);
      expect(fromWorker).toHaveLength(2);
      fromWorker.forEach((row, i) => {
        expect(row).toEqual(Array.from(local[i]!));
      });
    } finally {
      await model.close();
    }
  });
});
