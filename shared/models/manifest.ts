/**
 * `model.json`: what a model directory holds and how to run it. Validated field by field on load so that a
 * broken or tampered model fails with a typed `ModelError` naming the field, never deep inside ONNX Runtime.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DomainName, getTask } from '../domains/index.js';
import { ModelError } from './errors.js';
import {
  FEATURISER_HASH,
  FEATURISER_VERSION,
  type FeaturiserSettings,
  validateFeaturiserSettings,
} from './featuriser.js';

export const MANIFEST_FILE = 'model.json';
export const MANIFEST_FORMAT = 'expertnet-model';
export const MANIFEST_VERSION = 1;
export const MODEL_KINDS = ['expertnet-bag', 'hf'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface FileRef {
  /** File name relative to the model directory (no path separators). */
  file: string;
  /** Lower-case hex SHA-256 of the file. */
  sha256: string;
}

export interface FeaturiserManifest extends FeaturiserSettings {
  version: typeof FEATURISER_VERSION;
  hash: typeof FEATURISER_HASH;
}

/** Free-form record of how a model was trained (settings, data, timings). */
export type TrainingInfo = Record<string, string | number | boolean | null>;
/** Named quality figures, e.g. `validAccuracy`. */
export type MetricsInfo = Record<string, number>;

interface ManifestBase {
  format: typeof MANIFEST_FORMAT;
  formatVersion: number;
  domain: DomainName;
  task: string;
  /** In the task's canonical label order: output column i is labels[i]. */
  labels: string[];
  onnx: FileRef;
  createdAt: string;
  training?: TrainingInfo;
  metrics?: MetricsInfo;
}

export interface BagManifest extends ManifestBase {
  kind: 'expertnet-bag';
  featuriser: FeaturiserManifest;
}

/** An operator's Hugging Face style export: `input_ids`/`attention_mask`[/`token_type_ids`] → `logits`. */
export interface HfManifest extends ManifestBase {
  kind: 'hf';
  tokenizer: FileRef;
  /** Optional `tokenizer_config.json` (special tokens, lower-casing flags). */
  tokenizerConfig?: FileRef;
  /** Token sequences are cut to this length (including special tokens). */
  maxTokens: number;
  /** Output holding [batch, classes] logits; default `logits`. */
  outputName?: string;
}

export type ModelManifest = BagManifest | HfManifest;

function fail(path: string, field: string, reason: string): ModelError {
  return new ModelError({ code: 'MANIFEST_INVALID', path, field, reason }, `${path}: ${field} ${reason}`);
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(obj: Json, field: string, path: string, prefix = ''): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.length === 0) throw fail(path, prefix + field, 'must be a non-empty string');
  return v;
}

function int(obj: Json, field: string, path: string, prefix = ''): number {
  const v = obj[field];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw fail(path, prefix + field, 'must be an integer');
  return v;
}

function fileRef(obj: Json, field: string, path: string, optional = false): FileRef | undefined {
  const v = obj[field];
  if (v === undefined && optional) return undefined;
  if (!isObject(v)) throw fail(path, field, 'must be an object { file, sha256 }');
  const file = str(v, 'file', path, `${field}.`);
  if (file.includes('/') || file.includes('\\') || file === '..' || file === '.') {
    throw fail(path, `${field}.file`, 'must be a plain file name inside the model directory');
  }
  const sha256 = str(v, 'sha256', path, `${field}.`);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw fail(path, `${field}.sha256`, 'must be 64 lower-case hex digits');
  return { file, sha256 };
}

function record<T>(
  obj: Json,
  field: string,
  path: string,
  ok: (v: unknown) => v is T,
): Record<string, T> | undefined {
  const v = obj[field];
  if (v === undefined) return undefined;
  if (!isObject(v)) throw fail(path, field, 'must be an object');
  for (const [key, value] of Object.entries(v)) {
    if (!ok(value)) throw fail(path, `${field}.${key}`, 'has an unsupported value type');
  }
  return v as Record<string, T>;
}

const isScalar = (v: unknown): v is string | number | boolean | null =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks a parsed `model.json` and returns it typed. Also checks that domain/task exist and that the
 * labels are the task's labels in canonical order. `path` is only used in messages.
 */
export function validateManifest(raw: unknown, path: string): ModelManifest {
  if (!isObject(raw)) throw fail(path, '(root)', 'must be a JSON object');
  if (raw.format !== MANIFEST_FORMAT) throw fail(path, 'format', `must be "${MANIFEST_FORMAT}"`);
  const formatVersion = int(raw, 'formatVersion', path);
  if (formatVersion < 1 || formatVersion > MANIFEST_VERSION) {
    throw new ModelError(
      { code: 'UNSUPPORTED_VERSION', path, version: formatVersion, supported: MANIFEST_VERSION },
      `${path}: formatVersion ${formatVersion} is not supported (this build reads ${MANIFEST_VERSION})`,
    );
  }
  const kind = str(raw, 'kind', path);
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) {
    throw new ModelError(
      { code: 'UNKNOWN_KIND', path, kind, valid: [...MODEL_KINDS] },
      `${path}: unknown model kind "${kind}"`,
      { metaMessages: [`valid kinds: ${MODEL_KINDS.join(', ')}`] },
    );
  }
  const domain = str(raw, 'domain', path);
  const task = str(raw, 'task', path);
  const labels = raw.labels;
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === 'string')) {
    throw fail(path, 'labels', 'must be an array of at least two strings');
  }
  let expected: readonly string[];
  try {
    expected = getTask(domain, task).labels;
  } catch (err) {
    throw fail(path, 'domain/task', `names no known task (${(err as Error).message.split('\n')[0]})`);
  }
  if (expected.length !== labels.length || expected.some((l, i) => l !== labels[i])) {
    throw new ModelError(
      { code: 'LABELS_MISMATCH', domain, task, expected: [...expected], actual: labels as string[] },
      `${path}: labels do not match ${domain}/${task}'s labels in canonical order`,
      { metaMessages: [`expected: ${expected.join(', ')}`, `found:    ${labels.join(', ')}`] },
    );
  }
  const base: ManifestBase = {
    format: MANIFEST_FORMAT,
    formatVersion,
    domain: domain as DomainName,
    task,
    labels: [...(labels as string[])],
    onnx: fileRef(raw, 'onnx', path)!,
    createdAt: str(raw, 'createdAt', path),
    training: record(raw, 'training', path, isScalar),
    metrics: record(raw, 'metrics', path, isNumber),
  };
  if (kind === 'expertnet-bag') return { ...base, kind, featuriser: featuriserOf(raw, path) };
  const maxTokens = int(raw, 'maxTokens', path);
  if (maxTokens < 2 || maxTokens > 65_536) throw fail(path, 'maxTokens', 'must be in [2, 65536]');
  const outputName = raw.outputName === undefined ? undefined : str(raw, 'outputName', path);
  return {
    ...base,
    kind: 'hf',
    tokenizer: fileRef(raw, 'tokenizer', path)!,
    tokenizerConfig: fileRef(raw, 'tokenizerConfig', path, true),
    maxTokens,
    outputName,
  };
}

function featuriserOf(raw: Json, path: string): FeaturiserManifest {
  const f = raw.featuriser;
  if (!isObject(f)) throw fail(path, 'featuriser', 'must be an object');
  if (f.version !== FEATURISER_VERSION)
    throw fail(path, 'featuriser.version', `must be ${FEATURISER_VERSION}`);
  if (f.hash !== FEATURISER_HASH) throw fail(path, 'featuriser.hash', `must be "${FEATURISER_HASH}"`);
  const charNgrams = f.charNgrams;
  if (charNgrams !== null && !(Array.isArray(charNgrams) && charNgrams.length === 2)) {
    throw fail(path, 'featuriser.charNgrams', 'must be [min, max] or null');
  }
  const settings: FeaturiserManifest = {
    version: FEATURISER_VERSION,
    hash: FEATURISER_HASH,
    buckets: int(f, 'buckets', path, 'featuriser.'),
    wordNgrams: int(f, 'wordNgrams', path, 'featuriser.'),
    charNgrams: charNgrams === null ? null : [charNgrams[0] as number, charNgrams[1] as number],
    maxTokens: int(f, 'maxTokens', path, 'featuriser.'),
    maxWordChars: int(f, 'maxWordChars', path, 'featuriser.'),
  };
  try {
    validateFeaturiserSettings(settings);
  } catch (err) {
    throw fail(path, 'featuriser', (err as Error).message);
  }
  return settings;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads and validates `<dir>/model.json` (no file checks; see `readVerifiedFile`). */
export async function readManifest(dir: string): Promise<ModelManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ModelError({ code: 'MANIFEST_UNREADABLE', path }, `cannot read ${path}`, {
      cause: err,
      metaMessages: ['a model directory needs a model.json (see docs/models.md)'],
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ModelError({ code: 'MANIFEST_MALFORMED', path }, `${path} is not valid JSON`, { cause: err });
  }
  return validateManifest(raw, path);
}

/** Reads a file the manifest names and checks its SHA-256. */
export async function readVerifiedFile(dir: string, ref: FileRef): Promise<Uint8Array> {
  const path = join(dir, ref.file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ModelError({ code: 'FILE_MISSING', path }, `model file ${path} is missing or unreadable`, {
      cause: err,
    });
  }
  const actual = sha256Hex(bytes);
  if (actual !== ref.sha256) {
    throw new ModelError(
      { code: 'SHA256_MISMATCH', path, expected: ref.sha256, actual },
      `${path}: SHA-256 does not match model.json (file changed or corrupt)`,
      { metaMessages: [`expected ${ref.sha256}`, `actual   ${actual}`] },
    );
  }
  return bytes;
}

export async function writeManifest(dir: string, manifest: ModelManifest): Promise<void> {
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}
