/**
 * Inference wrapper for a model directory (`model.json` + ONNX + tokenizer): texts in, per-item class
 * probabilities out, in the manifest's (= the task's canonical) label order.
 *
 * Threading: `session.run()` of onnxruntime-node blocks the event loop while it computes
 * (onnxruntime issues #19611, #26968). The class keeps no global state (one ORT session and its own
 * buffers per instance), so a daemon runs it inside a `worker_threads` Worker and keeps its loop free.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { softmaxInPlace } from './bag.js';
import { ModelError } from './errors.js';
import { BAG_INPUT_IDS, BAG_INPUT_WEIGHTS, BAG_OUTPUT_PROBS } from './export.js';
import { Featuriser } from './featuriser.js';
import {
  type BagManifest,
  type HfManifest,
  type ModelManifest,
  readManifest,
  readVerifiedFile,
} from './manifest.js';

export type Device = 'cpu' | 'cuda';
export const DEVICES: readonly Device[] = ['cpu', 'cuda'];
/** Largest batch one `predict` call accepts (bounds the memory a request can take). */
export const DEFAULT_MAX_BATCH = 1024;

export interface LoadModelOptions {
  /** Execution provider; `cuda` needs onnxruntime-node's CUDA binaries. Default `cpu`. */
  device?: Device;
  /** ORT intra-op threads (default: ORT's choice, one per core). */
  threads?: number;
  /** Largest accepted batch (default 1024). */
  maxBatch?: number;
  /** Fail with TASK_MISMATCH unless the model serves this task (`task` defaults to the domain's first). */
  expect?: { domain: string; task?: string };
}

/** Probabilities of a batch as one flat row-major array [batch, classes]. */
export interface FlatPredictions {
  probs: Float32Array;
  batch: number;
  classes: number;
}

interface Backend {
  readonly inputNames: readonly string[];
  readonly outputName: string;
  /** Builds the feeds for a batch (views over reusable buffers). */
  feeds(texts: readonly string[]): Record<string, ort.Tensor>;
  /** Whether the output already holds probabilities (else logits). */
  readonly outputsProbs: boolean;
}

export class DomainModel {
  readonly manifest: ModelManifest;
  readonly labels: readonly string[];
  readonly classes: number;
  readonly device: Device;
  readonly dir: string;
  private session: ort.InferenceSession | undefined;
  private readonly backend: Backend;
  private readonly maxBatch: number;
  /** Serialises calls: the backends reuse their input buffers. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    dir: string,
    manifest: ModelManifest,
    session: ort.InferenceSession,
    backend: Backend,
    device: Device,
    maxBatch: number,
  ) {
    this.dir = dir;
    this.manifest = manifest;
    this.labels = manifest.labels;
    this.classes = manifest.labels.length;
    this.session = session;
    this.backend = backend;
    this.device = device;
    this.maxBatch = maxBatch;
  }

  /** Loads and validates `dir/model.json`, checks file hashes and graph inputs, and opens an ORT session. */
  static async load(dir: string, options: LoadModelOptions = {}): Promise<DomainModel> {
    const device = options.device ?? 'cpu';
    if (!DEVICES.includes(device)) {
      throw invalid('device', `must be one of ${DEVICES.join(', ')}, got ${String(device)}`);
    }
    const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw invalid('maxBatch', 'must be a positive integer');
    const manifest = await readManifest(dir);
    if (options.expect) checkTask(manifest, options.expect.domain, options.expect.task);
    const onnxPath = join(dir, manifest.onnx.file);
    const onnxBytes = await readVerifiedFile(dir, manifest.onnx);
    const backend =
      manifest.kind === 'expertnet-bag' ? new BagBackend(manifest) : await HfBackend.create(dir, manifest);
    const session = await openSession(onnxPath, onnxBytes, device, options.threads);
    try {
      checkGraph(session, backend, manifest, onnxPath);
      if (backend instanceof HfBackend) backend.bindInputTypes(session, onnxPath);
    } catch (err) {
      await session.release();
      throw err;
    }
    return new DomainModel(dir, manifest, session, backend, device, maxBatch);
  }

  /** Class probabilities per text (each a fresh Float32Array of `classes` entries, in label order). */
  async predict(texts: readonly string[]): Promise<Float32Array[]> {
    const flat = await this.predictFlat(texts);
    const out: Float32Array[] = [];
    for (let i = 0; i < flat.batch; i++) out.push(flat.probs.slice(i * flat.classes, (i + 1) * flat.classes));
    return out;
  }

  /**
   * Class probabilities as one flat [batch, classes] array. An empty batch returns an empty result
   * without calling ONNX Runtime; texts longer than the model's token limit are truncated.
   */
  predictFlat(texts: readonly string[]): Promise<FlatPredictions> {
    const run = this.queue.then(() => this.runBatch(texts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Releases the ORT session; later calls fail with CLOSED. Idempotent. */
  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await this.queue;
    await session?.release();
  }

  private async runBatch(texts: readonly string[]): Promise<FlatPredictions> {
    const session = this.session;
    if (!session) throw new ModelError({ code: 'CLOSED' }, 'model is closed');
    if (!Array.isArray(texts)) throw invalid('texts', 'must be an array of strings');
    if (texts.length > this.maxBatch) {
      throw invalid('texts', `batch of ${texts.length} exceeds the limit of ${this.maxBatch}`);
    }
    for (let i = 0; i < texts.length; i++) {
      if (typeof texts[i] !== 'string') throw invalid('texts', `entry ${i} is not a string`);
    }
    const classes = this.classes;
    if (texts.length === 0) return { probs: new Float32Array(0), batch: 0, classes };
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      result = await session.run(this.backend.feeds(texts), [this.backend.outputName]);
    } catch (err) {
      throw new ModelError({ code: 'INFERENCE_FAILED', reason: (err as Error).message }, 'inference failed', {
        cause: err,
      });
    }
    const output = result[this.backend.outputName] as ort.Tensor;
    const dims = output.dims;
    if (dims.length !== 2 || dims[0] !== texts.length || dims[1] !== classes || output.type !== 'float32') {
      throw new ModelError(
        {
          code: 'MODEL_SHAPE_MISMATCH',
          path: this.dir,
          reason: `output ${output.type} [${dims.join(', ')}]`,
        },
        `model output is ${output.type} [${dims.join(', ')}], expected float32 [${texts.length}, ${classes}]`,
      );
    }
    const probs = new Float32Array(output.data as Float32Array);
    output.dispose();
    if (!this.backend.outputsProbs) {
      const row = new Float64Array(classes);
      for (let b = 0; b < texts.length; b++) {
        for (let c = 0; c < classes; c++) row[c] = probs[b * classes + c]!;
        softmaxInPlace(row);
        for (let c = 0; c < classes; c++) probs[b * classes + c] = row[c]!;
      }
    }
    return { probs, batch: texts.length, classes };
  }
}

function invalid(parameter: string, reason: string): ModelError {
  return new ModelError({ code: 'INVALID_PARAMETER', parameter, reason }, `${parameter} ${reason}`);
}

function checkTask(manifest: ModelManifest, domain: string, task: string | undefined): void {
  const actual = `${manifest.domain}/${manifest.task}`;
  const wantedTask = task ?? manifest.task;
  if (manifest.domain !== domain || manifest.task !== wantedTask) {
    const expected = `${domain}/${task ?? '(default)'}`;
    throw new ModelError(
      { code: 'TASK_MISMATCH', expected, actual },
      `model serves ${actual}, not ${expected}`,
    );
  }
}

const CUDA_HINT =
  'install the CUDA build of onnxruntime-node: ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci (needs CUDA 12 and cuDNN 9)';

/** Directory of onnxruntime-node's native binding, where the CUDA provider library must sit. */
function ortBinaryDir(): string {
  const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
  return join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
}

async function openSession(
  path: string,
  bytes: Uint8Array,
  device: Device,
  threads: number | undefined,
): Promise<ort.InferenceSession> {
  if (device === 'cuda') {
    const lib =
      process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    if (!existsSync(join(ortBinaryDir(), lib))) {
      throw new ModelError(
        { code: 'CUDA_UNAVAILABLE', reason: `${lib} not found next to onnxruntime-node's binding` },
        'CUDA requested but onnxruntime-node was installed without CUDA support',
        { metaMessages: [CUDA_HINT] },
      );
    }
  }
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    ...(threads === undefined ? {} : { intraOpNumThreads: threads }),
  };
  try {
    return await ort.InferenceSession.create(bytes, options);
  } catch (err) {
    const message = (err as Error).message;
    if (device === 'cuda' && /cuda|provider|shared library/i.test(message)) {
      throw new ModelError(
        { code: 'CUDA_UNAVAILABLE', reason: message },
        'the CUDA execution provider failed to load',
        {
          cause: err,
          metaMessages: [message, CUDA_HINT],
        },
      );
    }
    throw new ModelError({ code: 'SESSION_FAILED', path }, `ONNX Runtime cannot load ${path}`, {
      cause: err,
      metaMessages: [message],
    });
  }
}

function checkGraph(
  session: ort.InferenceSession,
  backend: Backend,
  manifest: ModelManifest,
  path: string,
): void {
  const mismatch = (reason: string) =>
    new ModelError({ code: 'MODEL_SHAPE_MISMATCH', path, reason }, `${path}: ${reason}`, {
      metaMessages: [
        `inputs: ${session.inputNames.join(', ')}`,
        `outputs: ${session.outputNames.join(', ')}`,
      ],
    });
  const required = manifest.kind === 'hf' ? ['input_ids', 'attention_mask'] : backend.inputNames;
  for (const name of required) {
    if (!session.inputNames.includes(name)) throw mismatch(`graph has no input "${name}"`);
  }
  for (const name of session.inputNames) {
    if (!backend.inputNames.includes(name))
      throw mismatch(`graph input "${name}" is not one this kind feeds`);
  }
  for (const meta of session.inputMetadata) {
    if (meta.isTensor && meta.shape.length !== 2) {
      throw mismatch(`input "${meta.name}" has rank ${meta.shape.length}, expected [batch, length]`);
    }
  }
  if (!session.outputNames.includes(backend.outputName))
    throw mismatch(`graph has no output "${backend.outputName}"`);
  const out = session.outputMetadata.find((m) => m.name === backend.outputName);
  if (out?.isTensor) {
    const last = out.shape[out.shape.length - 1];
    if (out.shape.length !== 2 || (typeof last === 'number' && last !== manifest.labels.length)) {
      throw mismatch(
        `output "${backend.outputName}" has shape [${out.shape.join(', ')}], expected [batch, ${manifest.labels.length}]`,
      );
    }
  }
}

/** Growable typed buffer: views of it feed ORT without a per-call allocation once grown. */
class Buffer32<T extends Int32Array | Float32Array> {
  constructor(
    private readonly make: (n: number) => T,
    public data: T = make(1024),
  ) {}

  /** The first `n` entries; growing keeps the current contents (staging fills the buffer in steps). */
  view(n: number): T {
    if (this.data.length < n) {
      const grown = this.make(Math.max(n, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    return this.data.subarray(0, n) as T;
  }
}

class BagBackend implements Backend {
  readonly inputNames = [BAG_INPUT_IDS, BAG_INPUT_WEIGHTS];
  readonly outputName = BAG_OUTPUT_PROBS;
  readonly outputsProbs = true;
  private readonly featuriser: Featuriser;
  private readonly stageIds = new Buffer32((n) => new Int32Array(n));
  private readonly stageWeights = new Buffer32((n) => new Float32Array(n));
  private readonly ids = new Buffer32((n) => new Int32Array(n));
  private readonly weights = new Buffer32((n) => new Float32Array(n));
  private lengths = new Int32Array(64);

  constructor(manifest: BagManifest) {
    this.featuriser = new Featuriser(manifest.featuriser);
  }

  feeds(texts: readonly string[]): Record<string, ort.Tensor> {
    const batch = texts.length;
    if (this.lengths.length < batch) this.lengths = new Int32Array(batch);
    // Pass 1: featurise into a ragged staging area; pass 2: lay out padded [batch, maxLen].
    let total = 0;
    let maxLen = 1;
    for (let b = 0; b < batch; b++) {
      const n = this.featuriser.encode(texts[b]!);
      const ids = this.stageIds.view(total + n);
      const weights = this.stageWeights.view(total + n);
      ids.set(this.featuriser.ids.subarray(0, n), total);
      weights.set(this.featuriser.weights.subarray(0, n), total);
      this.lengths[b] = n;
      total += n;
      if (n > maxLen) maxLen = n;
    }
    const ids = this.ids.view(batch * maxLen);
    const weights = this.weights.view(batch * maxLen);
    ids.fill(0);
    weights.fill(0);
    const stagedIds = this.stageIds.data;
    const stagedWeights = this.stageWeights.data;
    let from = 0;
    for (let b = 0; b < batch; b++) {
      const n = this.lengths[b]!;
      ids.set(stagedIds.subarray(from, from + n), b * maxLen);
      weights.set(stagedWeights.subarray(from, from + n), b * maxLen);
      from += n;
    }
    return {
      [BAG_INPUT_IDS]: new ort.Tensor('int32', ids, [batch, maxLen]),
      [BAG_INPUT_WEIGHTS]: new ort.Tensor('float32', weights, [batch, maxLen]),
    };
  }
}

type IdType = 'int64' | 'int32';

class HfBackend implements Backend {
  readonly inputNames = ['input_ids', 'attention_mask', 'token_type_ids'];
  readonly outputName: string;
  readonly outputsProbs = false;
  private readonly specialIds: Set<number>;
  private readonly buffers = {
    input_ids: new IdBuffer(),
    attention_mask: new IdBuffer(),
    token_type_ids: new IdBuffer(),
  };
  private hasTokenTypes = false;

  private constructor(
    private readonly tokenizer: Tokenizer,
    private readonly maxTokens: number,
    private readonly padId: number,
    outputName: string,
  ) {
    this.outputName = outputName;
    this.specialIds = new Set(
      [...tokenizer.get_added_tokens_decoder()].filter(([, token]) => token.special).map(([id]) => id),
    );
  }

  static async create(dir: string, manifest: HfManifest): Promise<HfBackend> {
    const tokenizerJson = await readJsonFile(dir, manifest.tokenizer);
    const config = manifest.tokenizerConfig ? await readJsonFile(dir, manifest.tokenizerConfig) : {};
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(tokenizerJson as object, config as object);
    } catch (err) {
      const path = join(dir, manifest.tokenizer.file);
      throw new ModelError({ code: 'TOKENIZER_FAILED', path }, `cannot build the tokenizer from ${path}`, {
        cause: err,
        metaMessages: [(err as Error).message],
      });
    }
    const padding = (tokenizerJson as { padding?: { pad_id?: unknown } }).padding;
    const padId = typeof padding?.pad_id === 'number' ? padding.pad_id : 0;
    return new HfBackend(tokenizer, manifest.maxTokens, padId, manifest.outputName ?? 'logits');
  }

  /** Reads the id tensor types (int64 in most exports, int32 in some) from the graph. */
  bindInputTypes(session: ort.InferenceSession, path: string): void {
    for (const meta of session.inputMetadata) {
      if (!meta.isTensor) continue;
      if (meta.type !== 'int64' && meta.type !== 'int32') {
        throw new ModelError(
          { code: 'MODEL_SHAPE_MISMATCH', path, reason: `input ${meta.name} is ${meta.type}` },
          `input "${meta.name}" is ${meta.type}, expected int64 or int32`,
        );
      }
      const buffer = this.buffers[meta.name as keyof typeof this.buffers];
      if (buffer) buffer.type = meta.type;
    }
    this.hasTokenTypes = session.inputNames.includes('token_type_ids');
  }

  /** Token ids of one text, cut to `maxTokens` keeping a trailing special token ([SEP], </s>). */
  private encode(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    if (ids.length <= this.maxTokens) return ids;
    const last = ids[ids.length - 1]!;
    if (this.specialIds.has(last)) return [...ids.slice(0, this.maxTokens - 1), last];
    return ids.slice(0, this.maxTokens);
  }

  feeds(texts: readonly string[]): Record<string, ort.Tensor> {
    const encoded = texts.map((t) => this.encode(t));
    let len = 1;
    for (const e of encoded) if (e.length > len) len = e.length;
    const batch = texts.length;
    const dims = [batch, len];
    const feeds: Record<string, ort.Tensor> = {
      input_ids: this.buffers.input_ids.fill(dims, (b, i) => encoded[b]![i] ?? this.padId),
      attention_mask: this.buffers.attention_mask.fill(dims, (b, i) => (i < encoded[b]!.length ? 1 : 0)),
    };
    if (this.hasTokenTypes) feeds.token_type_ids = this.buffers.token_type_ids.fill(dims, () => 0);
    return feeds;
  }
}

/** A reusable [batch, length] id tensor buffer of the graph's integer type. */
class IdBuffer {
  private int32 = new Int32Array(0);
  private int64 = new BigInt64Array(0);
  type: IdType = 'int64';

  fill(dims: number[], value: (b: number, i: number) => number): ort.Tensor {
    const [batch, len] = dims as [number, number];
    const n = batch * len;
    if (this.type === 'int32') {
      if (this.int32.length < n) this.int32 = new Int32Array(Math.max(n, this.int32.length * 2));
      const view = this.int32.subarray(0, n);
      for (let b = 0; b < batch; b++) for (let i = 0; i < len; i++) view[b * len + i] = value(b, i);
      return new ort.Tensor('int32', view, dims);
    }
    if (this.int64.length < n) this.int64 = new BigInt64Array(Math.max(n, this.int64.length * 2));
    const view = this.int64.subarray(0, n);
    for (let b = 0; b < batch; b++) for (let i = 0; i < len; i++) view[b * len + i] = BigInt(value(b, i));
    return new ort.Tensor('int64', view, dims);
  }
}

async function readJsonFile(dir: string, ref: { file: string; sha256: string }): Promise<unknown> {
  const bytes = await readVerifiedFile(dir, ref);
  const path = join(dir, ref.file);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new ModelError({ code: 'TOKENIZER_FAILED', path }, `${path} is not valid JSON`, { cause: err });
  }
}
