import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BagParameters, bagForward } from '../../../shared/models/bag.js';
import { DomainModel } from '../../../shared/models/domain-model.js';
import { ModelError } from '../../../shared/models/errors.js';
import { Featuriser } from '../../../shared/models/featuriser.js';
import { sha256Hex } from '../../../shared/models/manifest.js';
import { encodeModel, intAttribute, node, tensor, valueInfo } from '../../../shared/models/onnx-builder.js';
import { writeBagModel } from '../../../shared/models/train-model.js';
import { trainBag } from '../../../shared/models/trainer.js';
import { keywordItems, SMALL_FEATURISER } from './fixtures.js';

let root: string;
let modelDir: string;
let params: BagParameters;
const featuriser = new Featuriser(SMALL_FEATURISER);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return (err as ModelError).code;
  }
  throw new Error('expected a ModelError');
}

/** A copy of the good model directory with `model.json` rewritten by `edit`. */
async function variant(
  name: string,
  edit: ((manifest: Record<string, unknown>) => unknown) | string,
): Promise<string> {
  const dir = join(root, name);
  const manifest = JSON.parse(await readFile(join(modelDir, 'model.json'), 'utf8'));
  await writeBagModel({
    dir,
    parameters: params,
    domain: 'finance',
    task: 'sentiment',
    featuriser: SMALL_FEATURISER,
  });
  if (typeof edit === 'string') await writeFile(join(dir, 'model.json'), edit);
  else {
    edit(manifest);
    await writeFile(join(dir, 'model.json'), JSON.stringify(manifest));
  }
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-models-'));
  modelDir = join(root, 'good');
  const items = keywordItems(90);
  params = trainBag({
    features: items.map((it) => featuriser.featurise(it.text)),
    targets: items.map((it) => it.target),
    classes: 3,
    buckets: SMALL_FEATURISER.buckets,
    dim: 8,
    epochs: 8,
    lr: 1,
    seed: 1,
  }).parameters;
  await writeBagModel({
    dir: modelDir,
    parameters: params,
    domain: 'finance',
    task: 'sentiment',
    featuriser: SMALL_FEATURISER,
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('DomainModel (expertnet-bag)', () => {
  it('predicts like the trainer forward pass (≤ 1e-5), in label order, batch or not', async () => {
    const model = await DomainModel.load(modelDir);
    try {
      expect(model.labels).toEqual(['positive', 'negative', 'neutral']);
      const texts = ['Shares of ACME soared on Tuesday.', 'the firm plunged', '', 'will present; unchanged'];
      const batch = await model.predict(texts);
      for (const [i, text] of texts.entries()) {
        const bag = featuriser.featurise(text);
        const expected = bagForward(params, bag.ids, bag.weights);
        for (let c = 0; c < 3; c++) expect(Math.abs(batch[i]![c]! - expected[c]!)).toBeLessThanOrEqual(1e-5);
        const [single] = await model.predict([text]);
        for (let c = 0; c < 3; c++) expect(Math.abs(single![c]! - batch[i]![c]!)).toBeLessThanOrEqual(1e-6);
      }
      expect(batch[0]!.indexOf(Math.max(...batch[0]!))).toBe(0);
      expect(batch[1]!.indexOf(Math.max(...batch[1]!))).toBe(1);
      const flat = await model.predictFlat(texts);
      expect(flat).toMatchObject({ batch: 4, classes: 3 });
      expect(flat.probs.slice(3, 6)).toEqual(batch[1]);
    } finally {
      await model.close();
    }
  });

  it('gives each text of a large batch the same result as alone (buffers grow mid-batch)', async () => {
    const model = await DomainModel.load(modelDir);
    try {
      const words = ['soared', 'plunged', 'unchanged', 'acme', 'analysts', 'quarter', 'tuesday', 'trading'];
      // ~60 words each with char n-grams: the batch stages far more features than the initial buffers hold.
      const texts = Array.from({ length: 12 }, (_, t) =>
        Array.from({ length: 60 }, (_, i) => words[(i * (t + 3) + t) % words.length]).join(' '),
      );
      const batch = await model.predict(texts);
      for (const [i, text] of texts.entries()) {
        const bag = featuriser.featurise(text);
        const expected = bagForward(params, bag.ids, bag.weights);
        for (let c = 0; c < 3; c++) expect(Math.abs(batch[i]![c]! - expected[c]!)).toBeLessThanOrEqual(1e-5);
      }
    } finally {
      await model.close();
    }
  });

  it('handles an empty batch, truncates long texts, and bounds the batch size', async () => {
    const model = await DomainModel.load(modelDir, { maxBatch: 4 });
    try {
      expect(await model.predict([])).toEqual([]);
      // maxTokens is 64: a text of 64 words plus a long tail scores like its first 64 words.
      const head = Array.from({ length: 64 }, (_, i) => (i % 2 ? 'soared' : 'acme')).join(' ');
      const [long] = await model.predict([`${head} ${'plunged '.repeat(5000)}`]);
      const [short] = await model.predict([head]);
      expect(long).toEqual(short);
      expect(await codeOf(model.predict(['a', 'b', 'c', 'd', 'e']))).toBe('INVALID_PARAMETER');
      expect(await codeOf(model.predict([42 as unknown as string]))).toBe('INVALID_PARAMETER');
    } finally {
      await model.close();
    }
    expect(await codeOf(model.predict(['x']))).toBe('CLOSED');
    await model.close();
  });

  it('serves concurrent calls without mixing their buffers', async () => {
    const model = await DomainModel.load(modelDir);
    try {
      const a = ['acme soared', 'plunged badly today'];
      const b = ['will present unchanged figures on tuesday in early trading', 'x'];
      const [ra, rb] = await Promise.all([model.predict(a), model.predict(b)]);
      expect(ra).toEqual(await model.predict(a));
      expect(rb).toEqual(await model.predict(b));
    } finally {
      await model.close();
    }
  });

  it('checks the task a caller expects', async () => {
    expect(await codeOf(DomainModel.load(modelDir, { expect: { domain: 'legal' } }))).toBe('TASK_MISMATCH');
    const ok = await DomainModel.load(modelDir, { expect: { domain: 'finance', task: 'sentiment' } });
    await ok.close();
  });

  it('fails with CUDA_UNAVAILABLE and the install hint when the CUDA provider is absent', async () => {
    const bin = join(
      dirname(createRequire(import.meta.url).resolve('onnxruntime-node')),
      '..',
      'bin',
      'napi-v6',
      process.platform,
      process.arch,
    );
    if (existsSync(join(bin, 'libonnxruntime_providers_cuda.so'))) return; // a CUDA build: nothing to check here
    const err = await DomainModel.load(modelDir, { device: 'cuda' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('CUDA_UNAVAILABLE');
    expect((err as ModelError).message).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci');
  });
});

describe('model directory validation', () => {
  it('missing directory or model.json → MANIFEST_UNREADABLE', async () => {
    expect(await codeOf(DomainModel.load(join(root, 'nope')))).toBe('MANIFEST_UNREADABLE');
  });

  it('malformed JSON → MANIFEST_MALFORMED', async () => {
    const dir = await variant('malformed', '{"format": "expertnet-model",');
    expect(await codeOf(DomainModel.load(dir))).toBe('MANIFEST_MALFORMED');
  });

  it('missing or mistyped fields → MANIFEST_INVALID naming the field', async () => {
    const cases: [string, (m: Record<string, unknown>) => void, string][] = [
      ['no-labels', (m) => delete m.labels, 'labels'],
      ['no-onnx', (m) => delete m.onnx, 'onnx'],
      ['bad-sha', (m) => ((m.onnx as Record<string, unknown>).sha256 = 'xyz'), 'onnx.sha256'],
      ['escape', (m) => ((m.onnx as Record<string, unknown>).file = '../good/model.onnx'), 'onnx.file'],
      ['buckets', (m) => ((m.featuriser as Record<string, unknown>).buckets = 'many'), 'featuriser.buckets'],
      ['unknown-task', (m) => (m.task = 'weather'), 'domain/task'],
      ['no-created', (m) => delete m.createdAt, 'createdAt'],
    ];
    for (const [name, edit, field] of cases) {
      const err = await DomainModel.load(await variant(name, edit)).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(ModelError);
      expect((err as ModelError).type).toMatchObject({ code: 'MANIFEST_INVALID', field });
    }
  });

  it('unknown kind → UNKNOWN_KIND; newer format → UNSUPPORTED_VERSION', async () => {
    expect(await codeOf(DomainModel.load(await variant('kind', (m) => (m.kind = 'tflite'))))).toBe(
      'UNKNOWN_KIND',
    );
    expect(await codeOf(DomainModel.load(await variant('ver', (m) => (m.formatVersion = 99))))).toBe(
      'UNSUPPORTED_VERSION',
    );
  });

  it('labels in another order → LABELS_MISMATCH', async () => {
    const dir = await variant('labels', (m) => (m.labels = ['negative', 'positive', 'neutral']));
    const err = (await DomainModel.load(dir).catch((e: unknown) => e)) as ModelError;
    expect(err.type).toMatchObject({
      code: 'LABELS_MISMATCH',
      expected: ['positive', 'negative', 'neutral'],
    });
  });

  it('missing ONNX file → FILE_MISSING; changed file → SHA256_MISMATCH', async () => {
    const missing = await variant(
      'missing',
      (m) => ((m.onnx as Record<string, unknown>).file = 'other.onnx'),
    );
    expect(await codeOf(DomainModel.load(missing))).toBe('FILE_MISSING');
    const tampered = await variant('tampered', () => undefined);
    const bytes = await readFile(join(tampered, 'model.onnx'));
    bytes[bytes.length - 1]! ^= 1;
    await writeFile(join(tampered, 'model.onnx'), bytes);
    expect(await codeOf(DomainModel.load(tampered))).toBe('SHA256_MISMATCH');
  });

  it('garbage ONNX with a matching hash → SESSION_FAILED', async () => {
    const garbage = new TextEncoder().encode('not a protobuf at all');
    const dir = await variant('garbage', (m) => {
      m.onnx = { file: 'model.onnx', sha256: sha256Hex(garbage) };
    });
    await writeFile(join(dir, 'model.onnx'), garbage);
    expect(await codeOf(DomainModel.load(dir))).toBe('SESSION_FAILED');
  });

  it('a graph with the wrong inputs or output width → MODEL_SHAPE_MISMATCH', async () => {
    const graphs: [string, Uint8Array][] = [
      [
        'rank',
        // ids of rank 3 instead of [batch, length].
        encodeModel({
          graphName: 'g',
          nodes: [node('ReduceSum', ['ids'], ['probs'])],
          initializers: [],
          inputs: [valueInfo('ids', 'float', ['b', 'l', 3]), valueInfo('weights', 'float', ['b', 'l'])],
          outputs: [valueInfo('probs', 'float', [])],
        }),
      ],
      [
        'width',
        // probs has 5 columns for 3 labels.
        encodeModel({
          graphName: 'g',
          nodes: [node('MatMul', ['weights', 'w'], ['probs'])],
          initializers: [tensor('w', [4, 5], new Float32Array(20))],
          inputs: [valueInfo('ids', 'int32', ['b', 4]), valueInfo('weights', 'float', ['b', 4])],
          outputs: [valueInfo('probs', 'float', ['b', 5])],
        }),
      ],
      [
        'no-weights',
        encodeModel({
          graphName: 'g',
          nodes: [node('Cast', ['ids'], ['probs'], [intAttribute('to', 1)])],
          initializers: [],
          inputs: [valueInfo('ids', 'int32', ['b', 3])],
          outputs: [valueInfo('probs', 'float', ['b', 3])],
        }),
      ],
    ];
    for (const [name, bytes] of graphs) {
      const dir = await variant(`shape-${name}`, (m) => {
        m.onnx = { file: 'model.onnx', sha256: sha256Hex(bytes) };
      });
      await writeFile(join(dir, 'model.onnx'), bytes);
      const code = await codeOf(DomainModel.load(dir));
      expect(code, name).toBe('MODEL_SHAPE_MISMATCH');
    }
  });
});
