/** Domain challenge suites: task specs, deterministic labelled item generation, validators' JSONL data. */
export type { TaskDefinition } from './definition.js';
export {
  ChallengePackError,
  type ChallengePackErrorType,
  DatasetError,
  type DatasetErrorType,
  DomainError,
  type DomainErrorType,
} from './errors.js';
export {
  GENERATOR_VERSION,
  generateItems,
  iterateDefinitionItems,
  iterateItems,
  MAX_GENERATE_ITEMS,
} from './generate.js';
export {
  type JsonlOptions,
  loadJsonlItems,
  MAX_ITEM_TEXT_CHARS,
  parseJsonlItems,
  type TaskRef,
} from './jsonl.js';
export {
  CHALLENGE_PACK_FORMAT,
  CHALLENGE_PACK_VERSION,
  type ChallengePack,
  type ChallengePackFile,
  type ChallengePackMode,
  type ChallengePackOptions,
  loadChallengePack,
  MIN_DECISIVE_TEMPLATES,
  parseChallengePack,
} from './pack.js';
export { getTask, getTaskDefinition, isDomainName, listTasks } from './registry.js';
export * from './types.js';
