import { join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { type Backend, BagBackend, HfBackend } from './backends.js';
import { softmaxInPlace } from './bag.js';
import { ModelError } from './errors.js';
import { type ModelManifest, readManifest, readVerifiedFile } from './manifest.js';
import { checkGraph, DEVICES, type Device, openSession } from './session.js';

export { DEVICES, type Device } from './session.js';
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
