/** Domain models: hashed n-gram featuriser, embedding-bag trainer, ONNX export, manifest, inference, eval. */
export {
  type BagParameters,
  bagForward,
  softmaxInPlace,
} from './bag.js';
export {
  type BuildModelsOptions,
  type BuildModelsResult,
  type BuiltModel,
  buildDefaultModels,
  isUpToDate,
} from './build.js';
export { evalCommand, trainCommand } from './cli.js';
export {
  DEFAULT_MAX_BATCH,
  DEVICES,
  type Device,
  DomainModel,
  type FlatPredictions,
  type LoadModelOptions,
} from './domain-model.js';
export { ModelError, type ModelErrorType } from './errors.js';
export { type EvaluateParameters, type EvaluationReport, evaluateModel } from './evaluate.js';
export { exportBagOnnx } from './export.js';
export {
  FEATURISER_HASH,
  FEATURISER_VERSION,
  type FeatureBag,
  Featuriser,
  type FeaturiserSettings,
  fnv1a32,
  tokenize,
} from './featuriser.js';
export {
  type BagManifest,
  type HfManifest,
  MANIFEST_FILE,
  type ModelKind,
  type ModelManifest,
  readManifest,
  validateManifest,
} from './manifest.js';
export {
  accuracy,
  brierScore,
  type ClassificationMetrics,
  classificationMetrics,
  ECE_BINS,
  expectedCalibrationError,
  type LabelMetrics,
  logLoss,
  perClassMetrics,
} from './metrics.js';
export { progressBar, trainProgress } from './progress.js';
export { isTierName, TIER_NAMES, TIERS, type TierName, TRAINING_MIX, tierDirName } from './tiers.js';
export {
  type BagTrainingSettings,
  type DifficultyMix,
  generateMixedItems,
  matchesTrainingSettings,
  mixCounts,
  mixString,
  type TrainModelParameters,
  trainModel,
  type WriteBagModelParameters,
  writeBagModel,
} from './train-model.js';
export { type TrainBagParameters, trainBag } from './trainer.js';
