/**
 * Builds the default models: the tiers of `tiers.ts` for domain tasks, into `<out>/<domain>-<task>-<tier>/`.
 * A tier whose directory already holds a valid model trained with the same settings on the same item
 * generator (`GENERATOR_VERSION`) is skipped unless `force`. Used by `scripts/build-models.ts` and the
 * models benchmark.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listTasks, type TaskSpec } from '../domains/index.js';
import { readManifest, readVerifiedFile } from './manifest.js';
import { TIER_NAMES, TIERS, type TierName, tierDirName } from './tiers.js';
import {
  type BagTrainingSettings,
  matchesTrainingSettings,
  type TrainPhase,
  trainModel,
} from './train-model.js';

export interface BuildModelsOptions {
  /** Root folder of the model directories. */
  out: string;
  tiers?: readonly TierName[];
  tasks?: readonly TaskSpec[];
  force?: boolean;
  /** Progress of one model's training (a bar per model, say). */
  progress?: (name: string) => {
    onProgress: (phase: TrainPhase, done: number, total: number) => void;
    stop: () => void;
  };
  /** Called after each model is built or found up to date. */
  onModel?: (model: BuiltModel) => void;
}

export interface BuiltModel {
  name: string;
  dir: string;
  domain: string;
  task: string;
  tier: TierName;
  status: 'built' | 'up-to-date';
  /** Wall time of the training run (0 when up to date). */
  seconds: number;
  validAccuracy?: number;
}

export interface BuildModelsResult {
  models: BuiltModel[];
  seconds: number;
}

/** Whether `dir` holds a model trained with `settings` as `tier` on this generator, with an intact ONNX file. */
export async function isUpToDate(dir: string, settings: BagTrainingSettings, tier: string): Promise<boolean> {
  try {
    const manifest = await readManifest(dir);
    if (!matchesTrainingSettings(manifest, settings, tier)) return false;
    await readVerifiedFile(dir, manifest.onnx);
    return true;
  } catch {
    return false; // absent, stale or broken: rebuild
  }
}

export async function buildDefaultModels(options: BuildModelsOptions): Promise<BuildModelsResult> {
  const started = performance.now();
  const models: BuiltModel[] = [];
  for (const spec of options.tasks ?? listTasks()) {
    for (const tier of options.tiers ?? TIER_NAMES) {
      const name = tierDirName(spec.domain, spec.task, tier);
      const dir = join(options.out, name);
      const settings = TIERS[tier];
      const base = { name, dir, domain: spec.domain, task: spec.task, tier };
      let model: BuiltModel;
      if (!options.force && (await isUpToDate(dir, settings, tier))) {
        model = { ...base, status: 'up-to-date', seconds: 0 };
      } else {
        const progress = options.progress?.(name);
        try {
          const result = await trainModel({
            ...settings,
            domain: spec.domain,
            task: spec.task,
            tier,
            out: dir,
            onProgress: progress?.onProgress,
          });
          const acc = result.manifest.metrics?.validAccuracy;
          model = {
            ...base,
            status: 'built',
            seconds: result.totalSeconds,
            ...(acc === undefined ? {} : { validAccuracy: acc }),
          };
        } finally {
          progress?.stop();
        }
      }
      models.push(model);
      options.onModel?.(model);
    }
  }
  return { models, seconds: (performance.now() - started) / 1000 };
}
