import { ExpertnetError } from '../errors.js';

export type ModelErrorType =
  /** `model.json` is absent or unreadable (`path`). */
  | { code: 'MANIFEST_UNREADABLE'; path: string }
  /** `model.json` is not valid JSON. */
  | { code: 'MANIFEST_MALFORMED'; path: string }
  /** A field is missing or has the wrong type/value (`field`, `reason`). */
  | { code: 'MANIFEST_INVALID'; path: string; field: string; reason: string }
  /** `kind` is not one this build understands. */
  | { code: 'UNKNOWN_KIND'; path: string; kind: string; valid: string[] }
  /** `formatVersion` is newer than this build. */
  | { code: 'UNSUPPORTED_VERSION'; path: string; version: number; supported: number }
  /** A file the manifest names does not exist or cannot be read. */
  | { code: 'FILE_MISSING'; path: string }
  /** A file's SHA-256 differs from the manifest's. */
  | { code: 'SHA256_MISMATCH'; path: string; expected: string; actual: string }
  /** The manifest's labels differ from the task's canonical labels. */
  | { code: 'LABELS_MISMATCH'; domain: string; task: string; expected: string[]; actual: string[] }
  /** The model serves another task than the one asked for. */
  | { code: 'TASK_MISMATCH'; expected: string; actual: string }
  /** The ONNX graph's inputs/outputs do not fit the manifest's kind. */
  | { code: 'MODEL_SHAPE_MISMATCH'; path: string; reason: string }
  /** ONNX Runtime refused the graph (corrupt file, unsupported operator). */
  | { code: 'SESSION_FAILED'; path: string }
  /** `device: 'cuda'` was asked for but the CUDA execution provider cannot be loaded. */
  | { code: 'CUDA_UNAVAILABLE'; reason: string }
  /** The tokenizer of an `hf` model could not be built. */
  | { code: 'TOKENIZER_FAILED'; path: string }
  /** Bad argument to a public function (`parameter`, `reason`). */
  | { code: 'INVALID_PARAMETER'; parameter: string; reason: string }
  /** An inference call failed inside ONNX Runtime. */
  | { code: 'INFERENCE_FAILED'; reason: string }
  /** The model was used after `close()`. */
  | { code: 'CLOSED' }
  /** A bundle manifest (shared/models/bundle.ts) is malformed or not canonical (`field`, `reason`). */
  | { code: 'BUNDLE_INVALID'; field: string; reason: string }
  /** A directory's bundle digest is not the expected (committed) one. */
  | { code: 'BUNDLE_MISMATCH'; path: string; expected: string; actual: string };

/** Loading, training, exporting or running a domain model failed. */
export class ModelError extends ExpertnetError<ModelErrorType> {}
