/**
 * Yuma Consensus for the dev chain and `expertnet yuma simulate`.
 * - `runEpoch`: one epoch over plain storage-shaped data (see `types.ts`).
 * - `vecU16MaxUpscaleToU16` / `checkVecMaxLimited`: what `set_weights` applies and checks before storing.
 * - `simulate` / `loadScenario` / `parseScenario`: scenario replay (../shared/yuma/SCENARIO.md).
 */
export { bondsEmaAlpha, runEpoch } from './epoch.js';
export { YumaError, type YumaErrorType } from './errors.js';
export { checkVecMaxLimited, vecU16MaxUpscaleToU16 } from './math.js';
export {
  type EpochReport,
  loadScenario,
  parseScenario,
  type Scenario,
  type ScenarioStep,
  type SimulationReport,
  simulate,
} from './scenario.js';
export type { EpochHyperparams, EpochInput, EpochOutput, LegacyScores, U16PairRow, U16Row } from './types.js';
