/**
 * The re-execution worker on real bag models: an honest miner's answers (its inference worker, the
 * whole request in one batch, float32 on the wire) match a re-execution of a few items within the CPU
 * tolerance; another model (seed 2) does not, on any item; a bad bundle fails that run only; the
 * re-executor refuses bad settings and work after close.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceWorker } from '../../../miner/inference/inference-worker.js';
import { decodeClassifyPayload, encodeClassifyPayload } from '../../../shared/protocol/index.js';
import { ReexecutionError, Reexecutor } from '../../../validator/verify/reexecute.js';
import { compareOutputs, toleranceFor } from '../../../validator/verify/tolerance.js';
import { type Bundles, TEXTS, writeBundles } from './evidence-fixture.js';

const BACKEND = new URL('../../../miner/inference/domain-model-backend.ts', import.meta.url);

let root: string;
let bundles: Bundles;
let reexecutor: Reexecutor;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-reexec-'));
  bundles = await writeBundles(root);
  reexecutor = new Reexecutor({ cpuShare: 0.5 });
});

afterAll(async () => {
  await reexecutor?.close();
  await rm(root, { recursive: true, force: true });
});

/** What a validator decodes from an honest miner serving `dir`: its worker's output as float32. */
async function minerAnswer(dir: string): Promise<number[][]> {
  const worker = await InferenceWorker.start({
    backendModule: BACKEND,
    modelDir: dir,
    maxBatch: 16,
    warmupRuns: 1,
  });
  try {
    const { probs } = await worker.classify(TEXTS);
    const labels = bundles.labels.length;
    const probabilities = TEXTS.map((_, i) => Array.from(probs.subarray(i * labels, (i + 1) * labels)));
    const payload = encodeClassifyPayload({ kind: 'classify', probabilities, inferenceMs: 1 });
    return decodeClassifyPayload(payload, { items: TEXTS.length, labels }).probabilities;
  } finally {
    await worker.close();
  }
}

describe('Reexecutor', () => {
  it('an honest miner is within the CPU tolerance; a substituted model is over it on every item', async () => {
    const items = [1, 2, 6];
    const picked = items.map((i) => TEXTS[i] ?? '');
    const { probabilities, cpuMs } = await reexecutor.run(bundles.committed, picked);
    expect(cpuMs).toBeGreaterThan(0);
    const honest = await minerAnswer(bundles.committed);
    const fair = compareOutputs(
      items.map((i) => honest[i] ?? []),
      probabilities,
      toleranceFor('cpu'),
    );
    expect(fair.ok).toBe(true);

    const cheat = await minerAnswer(bundles.substitute);
    for (const [k, i] of items.entries()) {
      const one = compareOutputs([cheat[i] ?? []], [probabilities[k] ?? []], toleranceFor('cpu'));
      expect(one.ok).toBe(false);
    }
  });

  it('a directory that is not a bundle fails that run only; the next one works', async () => {
    const empty = join(root, 'empty');
    await mkdir(empty, { recursive: true });
    const failed = await reexecutor.run(empty, ['text']).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(ReexecutionError);
    expect((failed as ReexecutionError).code).toBe('RUN_FAILED');
    const again = await reexecutor.run(bundles.committed, ['text one', 'text two']);
    expect(again.probabilities).toHaveLength(2);
    expect(again.probabilities[0]).toHaveLength(bundles.labels.length);
  });

  it('splits long lists into batches and keeps the order', async () => {
    const small = new Reexecutor({ cpuShare: 1, maxBatch: 3 });
    try {
      const whole = await reexecutor.run(bundles.committed, TEXTS);
      const split = await small.run(bundles.committed, TEXTS);
      expect(split.probabilities).toHaveLength(TEXTS.length);
      expect(compareOutputs(whole.probabilities, split.probabilities, toleranceFor('cpu')).ok).toBe(true);
      expect(small.stats.runs).toBe(3);
      expect(await small.run(bundles.committed, [])).toEqual({ probabilities: [], cpuMs: 0 });
    } finally {
      await small.close();
    }
  });

  it('refuses a CPU share outside (0, 1] and runs after close', async () => {
    for (const cpuShare of [0, -0.1, 1.5, Number.NaN]) {
      expect(() => new Reexecutor({ cpuShare })).toThrow(ReexecutionError);
    }
    const closed = new Reexecutor({ cpuShare: 1 });
    await closed.close();
    await expect(closed.run(bundles.committed, ['x'])).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
