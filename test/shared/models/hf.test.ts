import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softmaxInPlace } from '../../../shared/models/bag.js';
import { DomainModel } from '../../../shared/models/domain-model.js';
import { ModelError } from '../../../shared/models/errors.js';
import { type HfManifest, sha256Hex } from '../../../shared/models/manifest.js';
import {
  encodeModel,
  int64s,
  intAttribute,
  node,
  tensor,
  valueInfo,
} from '../../../shared/models/onnx-builder.js';

const WORDS = [
  'shares',
  'soared',
  'plunged',
  'beat',
  'missed',
  'estimates',
  'the',
  'company',
  'will',
  'present',
];
const VOCAB: Record<string, number> = { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3, '##s': 4, '##ed': 5 };
for (const w of WORDS) VOCAB[w] = Object.keys(VOCAB).length;
VOCAB.soar = Object.keys(VOCAB).length;
const V = Object.keys(VOCAB).length;
const DIM = 6;
const CLASSES = 3;

const special = (id: number, content: string) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});

/** A BERT-style WordPiece tokenizer.json, written by hand for the test. */
const TOKENIZER_JSON = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [special(0, '[PAD]'), special(1, '[UNK]'), special(2, '[CLS]'), special(3, '[SEP]')],
  normalizer: {
    type: 'BertNormalizer',
    clean_text: true,
    handle_chinese_chars: true,
    strip_accents: null,
    lowercase: true,
  },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: { type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: {
    type: 'WordPiece',
    unk_token: '[UNK]',
    continuing_subword_prefix: '##',
    max_input_chars_per_word: 100,
    vocab: VOCAB,
  },
};

/** Deterministic pseudo-random weights in [-1, 1). */
function weights(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}
const EMB = weights(V * DIM, 1);
const W = weights(DIM * CLASSES, 2);
const B = weights(CLASSES, 3);

/** Gather over input_ids, mean over the attention mask, MatMul + bias → logits. */
function hfGraph(idType: 'int64' | 'int32', withTokenTypes: boolean): Uint8Array {
  const inputs = [
    valueInfo('input_ids', idType, ['batch', 'seq']),
    valueInfo('attention_mask', idType, ['batch', 'seq']),
  ];
  if (withTokenTypes) inputs.push(valueInfo('token_type_ids', idType, ['batch', 'seq']));
  return encodeModel({
    graphName: 'tiny_hf',
    initializers: [
      tensor('emb', [V, DIM], EMB),
      tensor('w', [DIM, CLASSES], W),
      tensor('b', [CLASSES], B),
      int64s('axis2', [2]),
      int64s('axis1', [1]),
      tensor('one', [], new Float32Array([1])),
    ],
    nodes: [
      node('Gather', ['emb', 'input_ids'], ['rows']),
      node('Cast', ['attention_mask'], ['mask'], [intAttribute('to', 1)]),
      node('Unsqueeze', ['mask', 'axis2'], ['mask3']),
      node('Mul', ['rows', 'mask3'], ['masked']),
      node('ReduceSum', ['masked', 'axis1'], ['summed'], [intAttribute('keepdims', 0)]),
      node('ReduceSum', ['mask', 'axis1'], ['count'], [intAttribute('keepdims', 1)]),
      node('Max', ['count', 'one'], ['safe_count']),
      node('Div', ['summed', 'safe_count'], ['pooled']),
      node('MatMul', ['pooled', 'w'], ['proj']),
      node('Add', ['proj', 'b'], ['logits']),
    ],
    inputs,
    outputs: [valueInfo('logits', 'float', ['batch', CLASSES])],
  });
}

/** The same computation in JS from token ids. */
function expectedProbs(ids: number[]): number[] {
  const pooled = new Float64Array(DIM);
  for (const id of ids) for (let k = 0; k < DIM; k++) pooled[k]! += EMB[id * DIM + k]! / ids.length;
  const logits = new Float64Array(CLASSES);
  for (let c = 0; c < CLASSES; c++) {
    logits[c] = B[c]!;
    for (let k = 0; k < DIM; k++) logits[c]! += pooled[k]! * W[k * CLASSES + c]!;
  }
  softmaxInPlace(logits);
  return [...logits];
}

let root: string;

async function writeHfModel(
  name: string,
  graph: Uint8Array,
  maxTokens: number,
  tokenizerBytes = new TextEncoder().encode(JSON.stringify(TOKENIZER_JSON)),
): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.onnx'), graph);
  await writeFile(join(dir, 'tokenizer.json'), tokenizerBytes);
  const manifest: HfManifest = {
    format: 'expertnet-model',
    formatVersion: 1,
    kind: 'hf',
    domain: 'finance',
    task: 'sentiment',
    labels: ['positive', 'negative', 'neutral'],
    onnx: { file: 'model.onnx', sha256: sha256Hex(graph) },
    tokenizer: { file: 'tokenizer.json', sha256: sha256Hex(tokenizerBytes) },
    maxTokens,
    createdAt: new Date().toISOString(),
  };
  await writeFile(join(dir, 'model.json'), JSON.stringify(manifest));
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-hf-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('DomainModel (hf kind)', () => {
  const tokenizer = new Tokenizer(TOKENIZER_JSON, {});
  const texts = ['Shares soared', 'the company missed estimates', 'Will present soars', 'unknownword'];

  it('the hand-written tokenizer.json is a working BERT-style WordPiece tokenizer', () => {
    expect(tokenizer.encode('Shares soared').ids).toEqual([2, VOCAB.shares, VOCAB.soared, 3]);
    expect(tokenizer.encode('soars').ids).toEqual([2, VOCAB.soar, VOCAB['##s'], 3]);
    expect(tokenizer.encode('unknownword').ids).toEqual([2, 1, 3]);
  });

  for (const [idType, withTokenTypes] of [
    ['int64', false],
    ['int32', true],
  ] as const) {
    it(`matches a JS forward pass over the tokenizer's ids (${idType}, token_type_ids ${withTokenTypes})`, async () => {
      const dir = await writeHfModel(`ok-${idType}`, hfGraph(idType, withTokenTypes), 64);
      const model = await DomainModel.load(dir);
      try {
        const probs = await model.predict(texts);
        texts.forEach((text, i) => {
          const expected = expectedProbs(tokenizer.encode(text).ids);
          for (let c = 0; c < CLASSES; c++)
            expect(Math.abs(probs[i]![c]! - expected[c]!)).toBeLessThanOrEqual(1e-5);
        });
      } finally {
        await model.close();
      }
    });
  }

  it('truncates to maxTokens and keeps the trailing [SEP]', async () => {
    const dir = await writeHfModel('trunc', hfGraph('int64', false), 5);
    const model = await DomainModel.load(dir);
    try {
      const long = 'shares soared the company will present beat missed estimates';
      const [probs] = await model.predict([long]);
      const ids = tokenizer.encode(long).ids;
      const kept = [...ids.slice(0, 4), 3];
      const expected = expectedProbs(kept);
      for (let c = 0; c < CLASSES; c++) expect(Math.abs(probs![c]! - expected[c]!)).toBeLessThanOrEqual(1e-5);
    } finally {
      await model.close();
    }
  });

  it('a broken tokenizer.json → TOKENIZER_FAILED; a graph without attention_mask → MODEL_SHAPE_MISMATCH', async () => {
    const bad = await writeHfModel(
      'bad-tok',
      hfGraph('int64', false),
      16,
      new TextEncoder().encode('{"model": 1'),
    );
    const err = await DomainModel.load(bad).catch((e: unknown) => e);
    expect((err as ModelError).code).toBe('TOKENIZER_FAILED');

    const noMask = encodeModel({
      graphName: 'g',
      initializers: [tensor('emb', [V, CLASSES], weights(V * CLASSES, 4)), int64s('axis1', [1])],
      nodes: [
        node('Gather', ['emb', 'input_ids'], ['rows']),
        node('ReduceMean', ['rows'], ['logits'], [intAttribute('keepdims', 0)]),
      ],
      inputs: [valueInfo('input_ids', 'int64', ['batch', 'seq'])],
      outputs: [valueInfo('logits', 'float', ['batch', CLASSES])],
    });
    const dir = await writeHfModel('no-mask', noMask, 16);
    const err2 = await DomainModel.load(dir).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(ModelError);
    expect((err2 as ModelError).code).toBe('MODEL_SHAPE_MISMATCH');
    expect((err2 as ModelError).message).toContain('attention_mask');
  });
});
