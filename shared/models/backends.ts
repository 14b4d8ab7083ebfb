/** Input backends of a DomainModel: how a batch of texts becomes ORT feeds (hashed n-gram bag, or a Hugging Face tokenizer). */
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { ModelError } from './errors.js';
import { BAG_INPUT_IDS, BAG_INPUT_WEIGHTS, BAG_OUTPUT_PROBS } from './export.js';
import { Featuriser } from './featuriser.js';
import { type BagManifest, type HfManifest, readVerifiedFile } from './manifest.js';

export interface Backend {
  readonly inputNames: readonly string[];
  readonly outputName: string;
  /** Builds the feeds for a batch (views over reusable buffers). */
  feeds(texts: readonly string[]): Record<string, ort.Tensor>;
  /** Whether the output already holds probabilities (else logits). */
  readonly outputsProbs: boolean;
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

export class BagBackend implements Backend {
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

export class HfBackend implements Backend {
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
