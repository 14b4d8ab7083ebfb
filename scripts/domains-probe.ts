/**
 * Difficulty probe for the domain challenge suites (a throwaway check, not a shipped model).
 *
 * Trains a fastText-style classifier (hashed features → averaged embedding → softmax) on generated items
 * and reports accuracy on a fresh seed, once "strong" (word uni+bigrams + char 3–5-grams, dim 64,
 * 5 epochs, 6,000 items) and once "weak" (word unigrams, dim 6, 1 epoch, 300 items). The suites aim
 * for strong ≥ 0.95 and weak ≤ 0.75, so model capacity and training visibly change a miner's score.
 *
 * Usage: node --import tsx scripts/domains-probe.ts [domain/task ...]
 */
import { generateItems, getTask, type LabelledItem, listTasks } from '../shared/domains/index.js';

interface ProbeConfig {
  name: string;
  dim: number;
  epochs: number;
  trainItems: number;
  bigrams: boolean;
  charNgrams: boolean;
  buckets: number;
  learningRate: number;
}

export const STRONG: ProbeConfig = {
  name: 'strong',
  dim: 64,
  epochs: 5,
  trainItems: 6000,
  bigrams: true,
  charNgrams: true,
  buckets: 1 << 18,
  learningRate: 0.5,
};
/** Same data and epochs as STRONG but word unigrams at dim 8: shows what capacity alone buys. */
export const UNIGRAM: ProbeConfig = {
  name: 'unigram-d8',
  dim: 8,
  epochs: 5,
  trainItems: 6000,
  bigrams: false,
  charNgrams: false,
  buckets: 1 << 18,
  learningRate: 0.5,
};
export const WEAK: ProbeConfig = {
  name: 'weak',
  dim: 6,
  epochs: 1,
  trainItems: 300,
  bigrams: false,
  charNgrams: false,
  buckets: 1 << 16,
  learningRate: 0.5,
};

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface FeatureBag {
  ids: Uint32Array;
  /** Per feature weight; sums to 1 (as in fastText, a word's char n-grams share that word's slot). */
  weights: Float32Array;
}

function features(text: string, cfg: ProbeConfig): FeatureBag {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  const ids: number[] = [];
  const weights: number[] = [];
  let tokens = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const parts = [fnv1a(`w:${w}`) % cfg.buckets];
    if (cfg.charNgrams && w.length > 2) {
      const padded = `<${w}>`;
      for (let n = 3; n <= 5; n++) {
        for (let j = 0; j + n <= padded.length; j++)
          parts.push(fnv1a(`c:${padded.slice(j, j + n)}`) % cfg.buckets);
      }
    }
    for (const p of parts) {
      ids.push(p);
      weights.push(1 / parts.length);
    }
    tokens++;
    if (cfg.bigrams && i > 0) {
      ids.push(fnv1a(`b:${words[i - 1]} ${w}`) % cfg.buckets);
      weights.push(1);
      tokens++;
    }
  }
  return { ids: Uint32Array.from(ids), weights: Float32Array.from(weights, (x) => x / Math.max(1, tokens)) };
}

export function probeAccuracy(
  train: LabelledItem[],
  test: LabelledItem[],
  labels: readonly string[],
  cfg: ProbeConfig,
): number {
  const L = labels.length;
  const d = cfg.dim;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  // Deterministic small init (no Math.random): a fixed LCG.
  let state = 12345;
  const rand = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296 - 0.5;
  };
  const emb = new Float32Array(cfg.buckets * d).map(() => rand() * (2 / d));
  const out = new Float32Array(d * L);
  const hidden = new Float32Array(d);
  const grad = new Float32Array(d);
  const logits = new Float32Array(L);
  const trainFeatures = train.map((item) => features(item.text, cfg));

  const forward = (feats: FeatureBag): void => {
    hidden.fill(0);
    for (let j = 0; j < feats.ids.length; j++) {
      const base = feats.ids[j]! * d;
      const w = feats.weights[j]!;
      for (let k = 0; k < d; k++) hidden[k]! += w * emb[base + k]!;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < L; c++) {
      let z = 0;
      for (let k = 0; k < d; k++) z += hidden[k]! * out[k * L + c]!;
      logits[c] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let c = 0; c < L; c++) {
      logits[c] = Math.exp(logits[c]! - max);
      sum += logits[c]!;
    }
    for (let c = 0; c < L; c++) logits[c]! /= sum;
  };

  const totalSteps = cfg.epochs * train.length;
  let step = 0;
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    for (let i = 0; i < train.length; i++, step++) {
      const lr = cfg.learningRate * (1 - step / totalSteps);
      const feats = trainFeatures[i]!;
      const y = labelIndex.get(train[i]!.label)!;
      forward(feats);
      grad.fill(0);
      for (let c = 0; c < L; c++) {
        const g = logits[c]! - (c === y ? 1 : 0);
        for (let k = 0; k < d; k++) {
          grad[k]! += g * out[k * L + c]!;
          out[k * L + c]! -= lr * g * hidden[k]!;
        }
      }
      for (let j = 0; j < feats.ids.length; j++) {
        const base = feats.ids[j]! * d;
        const scale = lr * feats.weights[j]!;
        for (let k = 0; k < d; k++) emb[base + k]! -= scale * grad[k]!;
      }
    }
  }

  let correct = 0;
  for (const item of test) {
    forward(features(item.text, cfg));
    let best = 0;
    for (let c = 1; c < L; c++) if (logits[c]! > logits[best]!) best = c;
    if (labels[best] === item.label) correct++;
    else if (process.env.PROBE_SHOW_ERRORS === cfg.name)
      console.log(`  [${item.label} → ${labels[best]}] ${item.text}`);
  }
  return correct / test.length;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const tasks = wanted.length
    ? wanted.map((id) => {
        const [domain, task] = id.split('/');
        return getTask(domain!, task);
      })
    : listTasks();
  for (const spec of tasks) {
    const test = generateItems({ domain: spec.domain, task: spec.task, seed: 'probe-test', n: 2000 });
    const row: string[] = [];
    for (const cfg of [STRONG, UNIGRAM, WEAK]) {
      const train = generateItems({
        domain: spec.domain,
        task: spec.task,
        seed: 'probe-train',
        n: cfg.trainItems,
      });
      row.push(`${cfg.name} ${probeAccuracy(train, test, spec.labels, cfg).toFixed(3)}`);
    }
    console.log(`${spec.domain}/${spec.task}: ${row.join('  ')}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
