/**
 * Trainer for the `expertnet-bag` model: plain SGD on softmax cross-entropy with a linearly decaying
 * learning rate (fastText's recipe: sparse updates of the few embedding rows an item touches, so a step
 * costs O(features · dim + dim · classes) however many buckets there are). Seeded init and per-epoch
 * shuffling make a run reproducible bit for bit.
 */
import { Rng } from '../domains/rng.js';
import { type BagParameters, bagHidden, bagLogits, createBagParameters, softmaxInPlace } from './bag.js';
import { ModelError } from './errors.js';
import type { FeatureBag } from './featuriser.js';

export interface TrainBagParameters {
  /** Featurised training items. */
  features: readonly FeatureBag[];
  /** Class index of each item. */
  targets: ArrayLike<number>;
  classes: number;
  buckets: number;
  dim: number;
  epochs: number;
  /** Initial learning rate; decays linearly to 0 over all steps. */
  lr: number;
  seed: number | string;
  /** Called after every `progressEvery` steps and at the end. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

export interface TrainBagResult {
  parameters: BagParameters;
  /** Mean cross-entropy on the training items during each epoch. */
  epochLoss: number[];
}

function check(ok: boolean, parameter: string, reason: string): void {
  if (!ok) throw new ModelError({ code: 'INVALID_PARAMETER', parameter, reason }, `${parameter} ${reason}`);
}

export function trainBag(params: TrainBagParameters): TrainBagResult {
  const { features, targets, classes, buckets, dim, epochs, lr } = params;
  check(features.length > 0, 'features', 'must hold at least one item');
  check(targets.length === features.length, 'targets', 'must have one entry per item');
  check(Number.isInteger(classes) && classes >= 2, 'classes', 'must be an integer ≥ 2');
  check(Number.isInteger(dim) && dim >= 1 && dim <= 4096, 'dim', 'must be an integer in [1, 4096]');
  check(
    Number.isInteger(epochs) && epochs >= 1 && epochs <= 1000,
    'epochs',
    'must be an integer in [1, 1000]',
  );
  check(Number.isFinite(lr) && lr > 0 && lr <= 10, 'lr', 'must be in (0, 10]');
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    check(Number.isInteger(t) && t >= 0 && t < classes, 'targets', `entry ${i} is not a class index`);
  }

  const p = createBagParameters(buckets, dim, classes);
  const rng = new Rng(`expertnet/models/bag/${typeof params.seed}:${params.seed}`);
  // fastText's init: input rows uniform in ±1/dim, output layer zero.
  const scale = 1 / dim;
  for (let i = 0; i < p.embedding.length; i++) p.embedding[i] = (rng.next() * 2 - 1) * scale;

  const hidden = new Float64Array(dim);
  const probs = new Float64Array(classes);
  const grad = new Float64Array(dim);
  const order = Array.from({ length: features.length }, (_, i) => i);
  const total = epochs * features.length;
  const every = Math.max(1, params.progressEvery ?? 256);
  const epochLoss: number[] = [];
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const shuffled = rng.shuffle(order);
    let lossSum = 0;
    for (const index of shuffled) {
      const rate = lr * (1 - step / total);
      const bag = features[index]!;
      const y = targets[index]!;
      const n = bag.ids.length;
      bagHidden(p, bag.ids, bag.weights, n, hidden);
      bagLogits(p, hidden, probs);
      softmaxInPlace(probs);
      lossSum -= Math.log(Math.max(probs[y]!, 1e-12));
      // dL/dlogits = probs - onehot; backprop into the hidden vector before updating the output layer.
      grad.fill(0);
      for (let j = 0; j < classes; j++) {
        const g = probs[j]! - (j === y ? 1 : 0);
        p.bias[j]! -= rate * g;
        for (let k = 0; k < dim; k++) {
          const at = k * classes + j;
          grad[k]! += g * p.weight[at]!;
          p.weight[at]! -= rate * g * hidden[k]!;
        }
      }
      for (let f = 0; f < n; f++) {
        const base = bag.ids[f]! * dim;
        const s = rate * bag.weights[f]!;
        for (let k = 0; k < dim; k++) p.embedding[base + k]! -= s * grad[k]!;
      }
      step++;
      if (params.onProgress && step % every === 0) params.onProgress(step, total);
    }
    epochLoss.push(lossSum / features.length);
  }
  params.onProgress?.(total, total);
  return { parameters: p, epochLoss };
}
