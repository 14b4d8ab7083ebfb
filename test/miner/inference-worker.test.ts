/** The inference worker thread: results match the backend, failures are typed, a dead worker is replaced. */
import { describe, expect, it } from 'vitest';
import { InferenceWorker } from '../../miner/inference/inference-worker.js';
import { until } from '../helpers/until.js';
import { expectedProbabilities } from './fixtures/hash-backend.js';
import { BACKEND } from './helpers.js';

describe('InferenceWorker', () => {
  it('returns the backend output as one flat array, in order', async () => {
    const worker = await InferenceWorker.start({
      backendModule: BACKEND,
      modelDir: 'hash',
      maxBatch: 4,
      warmupRuns: 1,
    });
    try {
      const texts = ['one', 'two', 'three'];
      const { probs } = await worker.classify(texts);
      expect(Array.from(probs)).toEqual(texts.flatMap((t) => Array.from(expectedProbabilities(t))));
    } finally {
      await worker.close();
    }
  });

  it('fails to start with WORKER_START_FAILED when the backend cannot load', async () => {
    await expect(
      InferenceWorker.start({ backendModule: BACKEND, modelDir: 'fail-load', maxBatch: 4 }),
    ).rejects.toMatchObject({
      code: 'WORKER_START_FAILED',
      type: { reason: expect.stringContaining('fail-load') },
    });
  });

  it('fails the batch of a crashed worker with INFERENCE_FAILED and serves again after a restart', async () => {
    const worker = await InferenceWorker.start({
      backendModule: BACKEND,
      modelDir: 'crash',
      maxBatch: 4,
      warmupRuns: 1,
    });
    try {
      await expect(worker.classify(['crash'])).rejects.toMatchObject({ code: 'INFERENCE_FAILED' });
      await until(
        () =>
          worker.classify(['after']).then(
            () => true,
            () => false,
          ),
        'the restarted worker',
      );
      const { probs } = await worker.classify(['after']);
      expect(Array.from(probs)).toEqual(Array.from(expectedProbabilities('after')));
    } finally {
      await worker.close();
    }
  });

  it('fails a batch past the deadline with INFERENCE_TIMEOUT and replaces the hung worker', async () => {
    const states: [boolean, string | undefined][] = [];
    const worker = await InferenceWorker.start({
      backendModule: BACKEND,
      modelDir: 'hang',
      maxBatch: 4,
      warmupRuns: 1,
      timeoutMs: 200,
      onStateChange: (up, reason) => states.push([up, reason]),
    });
    try {
      await expect(worker.classify(['hang'])).rejects.toMatchObject({
        code: 'INFERENCE_TIMEOUT',
        type: { timeoutMs: 200 },
      });
      expect(worker.health).toMatchObject({ up: false, restarts: 1, consecutiveTimeouts: 1 });
      await until(() => worker.health.up, 'the replacement worker');
      const { probs } = await worker.classify(['fine']);
      expect(Array.from(probs)).toEqual(Array.from(expectedProbabilities('fine')));
      expect(worker.health).toMatchObject({ up: true, restarts: 1, consecutiveTimeouts: 0 });
      expect(states).toEqual([
        [false, 'timeout'],
        [true, undefined],
      ]);
    } finally {
      await worker.close();
    }
  });

  it('refuses work after close', async () => {
    const worker = await InferenceWorker.start({
      backendModule: BACKEND,
      modelDir: 'hash',
      maxBatch: 4,
      warmupRuns: 0,
    });
    await worker.close();
    await expect(worker.classify(['x'])).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });
});
