import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BagParameters, bagForward, bagHidden, bagLogits } from '../../../shared/models/bag.js';
import { exportBagOnnx } from '../../../shared/models/export.js';
import { Featuriser } from '../../../shared/models/featuriser.js';
import { trainBag } from '../../../shared/models/trainer.js';
import { keywordItems, SENTIMENT_LABELS, SMALL_FEATURISER } from './fixtures.js';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('exportBagOnnx', () => {
  const featuriser = new Featuriser(SMALL_FEATURISER);
  let params: BagParameters;
  let session: ort.InferenceSession;

  beforeAll(async () => {
    const items = keywordItems(60);
    params = trainBag({
      features: items.map((it) => featuriser.featurise(it.text)),
      targets: items.map((it) => it.target),
      classes: 3,
      buckets: SMALL_FEATURISER.buckets,
      dim: 16,
      epochs: 4,
      lr: 1,
      seed: 3,
    }).parameters;
    // Non-trivial bias so the Add node is exercised too.
    params.bias.set([0.3, -0.2, 0.1]);
    session = await ort.InferenceSession.create(
      exportBagOnnx({ parameters: params, labels: SENTIMENT_LABELS }),
    );
  });

  it('declares ids/weights inputs and probs/logits outputs', () => {
    expect(session.inputNames).toEqual(['ids', 'weights']);
    expect(session.outputNames).toEqual(['probs', 'logits']);
  });

  it('matches the trainer forward pass within 1e-5 on a padded batch', async () => {
    const texts = [
      'shares of acme soared on tuesday after the company beat estimates',
      'plunged',
      '',
      'the firm filed its report this quarter and will present it unchanged, analysts said',
    ];
    const bags = texts.map((t) => featuriser.featurise(t));
    const len = Math.max(1, ...bags.map((b) => b.ids.length));
    const ids = new Int32Array(texts.length * len);
    const weights = new Float32Array(texts.length * len);
    bags.forEach((b, i) => {
      ids.set(b.ids, i * len);
      weights.set(b.weights, i * len);
    });
    const out = await session.run({
      ids: new ort.Tensor('int32', ids, [texts.length, len]),
      weights: new ort.Tensor('float32', weights, [texts.length, len]),
    });
    expect(out.probs!.dims).toEqual([texts.length, 3]);
    const expectedProbs: number[] = [];
    const expectedLogits: number[] = [];
    for (const b of bags) {
      expectedProbs.push(...bagForward(params, b.ids, b.weights));
      const hidden = new Float64Array(params.dim);
      const logits = new Float64Array(params.classes);
      bagHidden(params, b.ids, b.weights, b.ids.length, hidden);
      bagLogits(params, hidden, logits);
      expectedLogits.push(...logits);
    }
    expect(maxAbsDiff(out.probs!.data as Float32Array, expectedProbs)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(out.logits!.data as Float32Array, expectedLogits)).toBeLessThanOrEqual(1e-5);
    // The empty text has a zero hidden vector: its logits are the bias.
    expect(maxAbsDiff((out.logits!.data as Float32Array).slice(6, 9), [0.3, -0.2, 0.1])).toBeLessThanOrEqual(
      1e-6,
    );
  });
});
