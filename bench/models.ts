/**
 * Domain model benchmark (one task, medical/specialty: 12 labels, the slowest to learn): training time
 * per tier, inference items/s per tier through `DomainModel` at batch 1, 8 and 64 (featurising + ONNX
 * Runtime on CPU), and featuriser throughput alone. Prints medians.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateItems } from '../shared/domains/index.js';
import { DomainModel } from '../shared/models/domain-model.js';
import { Featuriser } from '../shared/models/featuriser.js';
import { TIER_NAMES, TIERS } from '../shared/models/tiers.js';
import { featuriserSettingsOf, trainModel } from '../shared/models/train-model.js';
import { fmt, medianOf } from './stats.js';

const DOMAIN = 'medical';
const TASK = 'specialty';
const TRAIN_REPEATS = 3;
const INFER_REPEATS = 5;
const BATCHES = [1, 8, 64] as const;
/** Items per timed repeat at each batch size (enough for ≥ ~0.2 s each on a slow core). */
const ITEMS: Record<(typeof BATCHES)[number], number> = { 1: 256, 8: 1024, 64: 2048 };

export async function run(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'expertnet-bench-models-'));
  try {
    const texts = generateItems({ domain: DOMAIN, task: TASK, seed: 'bench', n: 2048 }).map((i) => i.text);
    console.log(
      `task ${DOMAIN}/${TASK}; ${TRAIN_REPEATS} training runs and ${INFER_REPEATS} inference runs per figure`,
    );
    console.log('tier    train s  valid acc   items/s b=1   b=8      b=64     features/item');
    for (const tier of TIER_NAMES) {
      const dir = join(root, tier);
      let accuracy = Number.NaN;
      const trainSeconds = await medianOf(TRAIN_REPEATS, async () => {
        const r = await trainModel({
          ...TIERS[tier],
          domain: DOMAIN,
          task: TASK,
          tier,
          out: dir,
          validSize: 500,
        });
        accuracy = r.manifest.metrics?.validAccuracy ?? Number.NaN;
        return r.totalSeconds;
      });
      const model = await DomainModel.load(dir, { threads: 1 });
      const rates: string[] = [];
      try {
        await model.predict(texts.slice(0, 64)); // warm-up: buffers grow, ORT allocates
        for (const batch of BATCHES) {
          const n = ITEMS[batch];
          const perSecond = await medianOf(INFER_REPEATS, async () => {
            const start = performance.now();
            for (let from = 0; from < n; from += batch)
              await model.predictFlat(texts.slice(from, from + batch));
            return n / ((performance.now() - start) / 1000);
          });
          rates.push(fmt(perSecond, 0).padStart(8));
        }
      } finally {
        await model.close();
      }
      const featuriser = new Featuriser(featuriserSettingsOf(TIERS[tier]));
      let features = 0;
      for (const t of texts) features += featuriser.encode(t);
      console.log(
        `${tier.padEnd(7)} ${fmt(trainSeconds, 2).padStart(7)}  ${fmt(accuracy, 3).padStart(9)}   ${rates.join(' ')}   ${fmt(features / texts.length, 0).padStart(8)}`,
      );
    }

    // Featuriser alone (strong settings: word bigrams + char 3-5-grams), items/s.
    const featuriser = new Featuriser(featuriserSettingsOf(TIERS.strong));
    const featurisePerSecond = await medianOf(INFER_REPEATS, () => {
      const start = performance.now();
      for (const t of texts) featuriser.encode(t);
      return texts.length / ((performance.now() - start) / 1000);
    });
    console.log(`featuriser (strong settings): ${fmt(featurisePerSecond, 0)} items/s`);
    console.log('inference: one ORT intra-op thread; items/s = texts through predictFlat per second');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
