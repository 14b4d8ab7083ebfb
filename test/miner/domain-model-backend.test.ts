/** The default backend in the worker: a real ONNX domain model served through the miner. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceWorker } from '../../miner/inference/inference-worker.js';
import { DomainModel } from '../../shared/models/index.js';
import { decodeClassifyPayload, type ResponseFrame, verifyResponse } from '../../shared/protocol/index.js';
import { writeRandomBagModel } from './fixtures/bag-model.js';
import { connectedClient, minerKey, startTestMiner, type TestMiner } from './helpers.js';

const DOMAIN_BACKEND = new URL('../../miner/inference/domain-model-backend.ts', import.meta.url);

describe('domain model backend', () => {
  let dir: string;
  let model: DomainModel;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-miner-model-'));
    await writeRandomBagModel(dir, 7);
    model = await DomainModel.load(dir);
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
      const direct = await Promise.all(texts.map(async (t) => Array.from((await model.predict([t]))[0]!)));
      expect(Array.from(probs)).toEqual(direct.flat());
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
      // Reference: the model run directly, one text at a time (batching must not change any answer).
      const direct = await Promise.all(texts.map(async (t) => Array.from((await model.predict([t]))[0]!)));
      expect(payload.probabilities).toEqual(direct);
      client.close();
    });
  });
});
