/**
 * End-to-end training of an `expertnet-bag` model for one domain task: generate items (a mix of
 * difficulties), featurise, train, export ONNX, validate on a held-out seed and write `model.onnx` +
 * `model.json` into a directory.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  DIFFICULTIES,
  type Difficulty,
  GENERATOR_VERSION,
  generateItems,
  getTask,
  type LabelledItem,
  type TaskSpec,
} from '../domains/index.js';
import { type BagParameters, bagForward } from './bag.js';
import { ModelError } from './errors.js';
import { exportBagOnnx } from './export.js';
import {
  DEFAULT_MAX_TOKENS,
  DEFAULT_MAX_WORD_CHARS,
  FEATURISER_HASH,
  FEATURISER_VERSION,
  Featuriser,
  type FeaturiserSettings,
} from './featuriser.js';
import {
  type BagManifest,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type MetricsInfo,
  type ModelManifest,
  sha256Hex,
  type TrainingInfo,
  writeManifest,
} from './manifest.js';
import { classificationMetrics } from './metrics.js';
import { trainBag } from './trainer.js';

export const ONNX_FILE = 'model.onnx';

/** Model and training settings; everything that determines the trained weights. */
export interface BagTrainingSettings {
  dim: number;
  buckets: number;
  wordNgrams: number;
  charNgrams: readonly [number, number] | null;
  epochs: number;
  lr: number;
  seed: number;
  trainSize: number;
  /**
   * Relative weights of the difficulties in the training (and validation) items, e.g.
   * `{ easy: 1, standard: 2, hard: 2 }`; omitted means standard items only.
   */
  mix?: DifficultyMix;
  maxTokens?: number;
  maxWordChars?: number;
}

export type DifficultyMix = Readonly<Partial<Record<Difficulty, number>>>;

/** Standard items only: what models were trained on before the difficulty ladder. */
export const STANDARD_ONLY: DifficultyMix = { standard: 1 };

/** `{ easy: 1, hard: 2 }` → `easy:1,hard:2` (canonical order, zero weights dropped), as in `model.json`. */
export function mixString(mix: DifficultyMix | undefined): string {
  const m = mix ?? STANDARD_ONLY;
  return DIFFICULTIES.filter((d) => (m[d] ?? 0) > 0)
    .map((d) => `${d}:${m[d]}`)
    .join(',');
}

/**
 * How many of `total` items each difficulty gets: proportional to the weights, rounding by largest
 * remainder so the counts add up to `total` exactly.
 */
export function mixCounts(mix: DifficultyMix | undefined, total: number): [Difficulty, number][] {
  const m = mix ?? STANDARD_ONLY;
  const parts = DIFFICULTIES.map((d) => [d, m[d] ?? 0] as const).filter(([, w]) => w > 0);
  const sum = parts.reduce((a, [, w]) => a + w, 0);
  if (parts.some(([, w]) => !Number.isFinite(w) || w < 0) || !(sum > 0)) {
    throw new ModelError(
      { code: 'INVALID_PARAMETER', parameter: 'mix', reason: `got ${JSON.stringify(mix)}` },
      'mix must give at least one difficulty a positive finite weight',
    );
  }
  const exact = parts.map(([d, w]) => [d, (total * w) / sum] as const);
  const counts = exact.map(([d, x]) => [d, Math.floor(x)] as [Difficulty, number]);
  let left = total - counts.reduce((a, [, c]) => a + c, 0);
  const byRemainder = exact
    .map(([, x], i) => [i, x - Math.floor(x)] as const)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  for (const [i] of byRemainder) {
    if (left-- <= 0) break;
    counts[i]![1]++;
  }
  return counts;
}

/** Items of every difficulty of the mix, each from its own seeded stream, concatenated. */
export function generateMixedItems(
  spec: TaskSpec,
  seed: string,
  n: number,
  mix: DifficultyMix | undefined,
): LabelledItem[] {
  return mixCounts(mix, n).flatMap(([difficulty, count]) =>
    generateItems({ domain: spec.domain, task: spec.task, seed, n: count, difficulty }),
  );
}

export interface TrainModelParameters extends BagTrainingSettings {
  domain: string;
  task?: string;
  /** Output directory (created). */
  out: string;
  /** Held-out items for the validation metrics in the manifest (default 1000; 0 skips). */
  validSize?: number;
  /** Free-form name recorded in the manifest, e.g. the tier. */
  tier?: string;
  /** Phases: `generate`, `train` (done/total = steps), `validate`, `write`. */
  onProgress?: (phase: TrainPhase, done: number, total: number) => void;
}

export type TrainPhase = 'generate' | 'train' | 'validate' | 'write';

export interface TrainModelResult {
  manifest: BagManifest;
  dir: string;
  trainSeconds: number;
  totalSeconds: number;
}

/** Seeds of the training and validation items, derived from the training seed. */
export function dataSeeds(seed: number): { train: string; valid: string } {
  return { train: `expertnet/models/train/${seed}`, valid: `expertnet/models/valid/${seed}` };
}

export function featuriserSettingsOf(s: BagTrainingSettings): FeaturiserSettings {
  return {
    buckets: s.buckets,
    wordNgrams: s.wordNgrams,
    charNgrams: s.charNgrams,
    maxTokens: s.maxTokens ?? DEFAULT_MAX_TOKENS,
    maxWordChars: s.maxWordChars ?? DEFAULT_MAX_WORD_CHARS,
  };
}

export async function trainModel(params: TrainModelParameters): Promise<TrainModelResult> {
  const started = performance.now();
  const spec = getTask(params.domain, params.task);
  if (!Number.isInteger(params.trainSize) || params.trainSize < spec.labels.length) {
    throw new ModelError(
      { code: 'INVALID_PARAMETER', parameter: 'trainSize', reason: `got ${params.trainSize}` },
      `trainSize must be an integer ≥ the number of labels (${spec.labels.length})`,
    );
  }
  const progress = params.onProgress;
  const featuriser = new Featuriser(featuriserSettingsOf(params));
  const seeds = dataSeeds(params.seed);
  progress?.('generate', 0, params.trainSize);
  const items = generateMixedItems(spec, seeds.train, params.trainSize, params.mix);
  const labelIndex = new Map(spec.labels.map((l, i) => [l, i]));
  const features = items.map((item) => featuriser.featurise(item.text));
  const targets = Int32Array.from(items, (item) => labelIndex.get(item.label)!);
  progress?.('generate', params.trainSize, params.trainSize);

  const trainStarted = performance.now();
  const { parameters, epochLoss } = trainBag({
    features,
    targets,
    classes: spec.labels.length,
    buckets: params.buckets,
    dim: params.dim,
    epochs: params.epochs,
    lr: params.lr,
    seed: params.seed,
    onProgress: progress && ((done, total) => progress('train', done, total)),
  });
  const trainSeconds = (performance.now() - trainStarted) / 1000;

  const metrics: Record<string, number> = { trainLoss: epochLoss[epochLoss.length - 1]! };
  const validSize = params.validSize ?? 1000;
  if (validSize > 0) {
    progress?.('validate', 0, validSize);
    const valid = generateMixedItems(spec, seeds.valid, validSize, params.mix);
    const probs = new Float32Array(validSize * spec.labels.length);
    valid.forEach((item, i) => {
      const bag = featuriser.featurise(item.text);
      probs.set(bagForward(parameters, bag.ids, bag.weights), i * spec.labels.length);
    });
    const m = classificationMetrics(
      probs,
      Int32Array.from(valid, (item) => labelIndex.get(item.label)!),
      spec.labels.length,
    );
    Object.assign(metrics, {
      validAccuracy: m.accuracy,
      validLogLoss: m.logLoss,
      validBrier: m.brier,
      validEce: m.ece,
      validSize,
    });
    progress?.('validate', validSize, validSize);
  }

  progress?.('write', 0, 1);
  const manifest = await writeBagModel({
    dir: params.out,
    parameters,
    domain: spec.domain,
    task: spec.task,
    featuriser: featuriserSettingsOf(params),
    description: `expertnet-bag ${spec.domain}/${spec.task}${params.tier ? ` (${params.tier})` : ''}`,
    training: {
      ...(params.tier ? { tier: params.tier } : {}),
      dim: params.dim,
      epochs: params.epochs,
      lr: params.lr,
      optimizer: 'sgd',
      schedule: 'linear-decay',
      seed: params.seed,
      trainSize: params.trainSize,
      mix: mixString(params.mix),
      dataSeed: seeds.train,
      validSeed: seeds.valid,
      generatorVersion: GENERATOR_VERSION,
      trainSeconds: Math.round(trainSeconds * 1000) / 1000,
    },
    metrics,
  });
  progress?.('write', 1, 1);
  return { manifest, dir: params.out, trainSeconds, totalSeconds: (performance.now() - started) / 1000 };
}

export interface WriteBagModelParameters {
  dir: string;
  parameters: BagParameters;
  domain: string;
  task: string;
  featuriser: FeaturiserSettings;
  training?: TrainingInfo;
  metrics?: MetricsInfo;
  description?: string;
}

/** Exports `parameters` to `dir/model.onnx` and writes the matching `model.json`; returns the manifest. */
export async function writeBagModel(p: WriteBagModelParameters): Promise<BagManifest> {
  const spec = getTask(p.domain, p.task);
  const onnxBytes = exportBagOnnx({
    parameters: p.parameters,
    labels: spec.labels,
    description: p.description,
  });
  await mkdir(p.dir, { recursive: true });
  await writeFile(join(p.dir, ONNX_FILE), onnxBytes);
  const manifest: BagManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_VERSION,
    kind: 'expertnet-bag',
    domain: spec.domain,
    task: spec.task,
    labels: [...spec.labels],
    onnx: { file: ONNX_FILE, sha256: sha256Hex(onnxBytes) },
    featuriser: { version: FEATURISER_VERSION, hash: FEATURISER_HASH, ...p.featuriser },
    ...(p.training ? { training: p.training } : {}),
    ...(p.metrics ? { metrics: p.metrics } : {}),
    createdAt: new Date().toISOString(),
  };
  await writeManifest(p.dir, manifest);
  return manifest;
}

/**
 * Whether `manifest` was trained with exactly these settings (and tier name) on the current item
 * generator, so a build can skip it.
 */
export function matchesTrainingSettings(
  manifest: ModelManifest,
  settings: BagTrainingSettings,
  tier: string | undefined,
): boolean {
  if (manifest.kind !== 'expertnet-bag') return false;
  const t = manifest.training ?? {};
  const f = featuriserSettingsOf(settings);
  const m = manifest.featuriser;
  return (
    t.tier === (tier ?? undefined) &&
    t.dim === settings.dim &&
    t.epochs === settings.epochs &&
    t.lr === settings.lr &&
    t.seed === settings.seed &&
    t.trainSize === settings.trainSize &&
    (t.mix ?? mixString(STANDARD_ONLY)) === mixString(settings.mix) &&
    t.generatorVersion === GENERATOR_VERSION &&
    m.buckets === f.buckets &&
    m.wordNgrams === f.wordNgrams &&
    JSON.stringify(m.charNgrams) === JSON.stringify(f.charNgrams) &&
    m.maxTokens === f.maxTokens &&
    m.maxWordChars === f.maxWordChars
  );
}
