/** The default backend in the worker: a real ONNX domain model served through the miner. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceWorker } from '../../miner/inference/inference-worker.js';
import { DomainModel } from '../../shared/models/index.js';
import { decodeClassifyPayload, type ResponseFrame, verifyResponse } from '../../shared/protocol/index.js';
import { writeRandomBagModel } from '../../testkit/bag-model.js';
import { connectedClient, minerKey, startTestMiner, type TestMiner } from './helpers.js';

const DOMAIN_BACKEND = new URL('../../miner/inference/domain-model-backend.ts', import.meta.url);

describe('domain model backend', () => {
  let dir: string;
  let model: DomainModel;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-miner-model-'));
    await writeRandomBagModel(dir, 7);
    model = await DomainModel.load(dir);
    // Warm the reference as the worker warms its copy: DomainModel's first large batches grow its
    // feature buffers, and growing currently drops rows staged earlier in that batch (a shared/models
    // bug, reported), so a cold reference would give wrong answers for the first large batch.
    await model.predict(Array.from({ length: 64 }, (_, i) => `warm-up text number ${i} for the model`));
  });
  afterAll(async () => {
    await model?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the manifest identity and classifies like the model run directly', async () => {
    const worker = await InferenceWorker.start({
      backendModule: DOMAIN_BACKEND,
      modelDir: dir,
      maxBatch: 8,
      warmupRuns: 1,
    });
    try {
      expect(worker.info).toEqual({
        domain: 'finance',
        task: 'sentiment',
        labels: [...model.labels],
        sha256: model.manifest.onnx.sha256,
      });
      const texts = ['shares soared after record profit', 'the firm missed estimates', 'unchanged'];
      const { probs } = await worker.classify(texts);
      expect(Array.from(probs)).toEqual((await model.predict(texts)).flatMap((v) => Array.from(v)));
    } finally {
      await worker.close();
    }
  });

  it('fails to start with WORKER_START_FAILED on a directory without a model', async () => {
    await expect(
      InferenceWorker.start({ backendModule: DOMAIN_BACKEND, modelDir: join(dir, 'missing'), maxBatch: 8 }),
    ).rejects.toMatchObject({ code: 'WORKER_START_FAILED' });
  });

  describe('through the miner over ws', () => {
    let miner: TestMiner;
    beforeAll(async () => {
      miner = await startTestMiner({ backendModule: DOMAIN_BACKEND, modelDir: dir });
    });
    afterAll(async () => {
      await miner?.close();
    });

    it('classify equals the direct model output (float32) and the answer is signed', async () => {
      const client = await connectedClient(miner.url);
      const texts = Array.from(
        { length: 20 },
        (_, i) => `quarter ${i}: revenue ${i % 2 ? 'beat' : 'missed'} estimates`,
      );
      const request = client.send({ type: 'classify', id: 1, texts });
      const answer = (await client.answer(1)) as ResponseFrame;
      expect(verifyResponse(minerKey.address, request, answer.payload, answer.signature)).toBe(true);
      const payload = decodeClassifyPayload(answer.payload, { items: texts.length, labels: 3 });
      // One request, one batch: the model run directly on the same texts gives the same float32 bits.
      expect(payload.probabilities).toEqual((await model.predict(texts)).map((v) => Array.from(v)));
      // And batching does not change answers beyond float rounding: each text alone gives the same.
      for (let i = 0; i < texts.length; i++) {
        const alone = (await model.predict([texts[i]!]))[0]!;
        for (let j = 0; j < 3; j++) expect(payload.probabilities[i]![j]).toBeCloseTo(alone[j]!, 5);
      }
      client.close();
    });
  });
});
