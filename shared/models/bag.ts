/**
 * The `expertnet-bag` model: weighted mean of embedding rows (an embedding bag) → linear layer + bias →
 * softmax. Parameters are Float32 like the exported ONNX graph; the forward pass here is the reference the
 * ONNX export is tested against.
 */
export interface BagParameters {
  buckets: number;
  dim: number;
  classes: number;
  /** Row-major [buckets, dim]. */
  embedding: Float32Array;
  /** Row-major [dim, classes]. */
  weight: Float32Array;
  /** [classes]. */
  bias: Float32Array;
}

export function createBagParameters(buckets: number, dim: number, classes: number): BagParameters {
  return {
    buckets,
    dim,
    classes,
    embedding: new Float32Array(buckets * dim),
    weight: new Float32Array(dim * classes),
    bias: new Float32Array(classes),
  };
}

/** hidden = Σ weights[j] · embedding[ids[j]] over the first `n` features. */
export function bagHidden(
  p: BagParameters,
  ids: Int32Array,
  weights: Float32Array,
  n: number,
  hidden: Float64Array,
): void {
  const d = p.dim;
  const emb = p.embedding;
  hidden.fill(0);
  for (let j = 0; j < n; j++) {
    const base = ids[j]! * d;
    const w = weights[j]!;
    for (let k = 0; k < d; k++) hidden[k]! += w * emb[base + k]!;
  }
}

/** logits = hidden · weight + bias. */
export function bagLogits(p: BagParameters, hidden: Float64Array, logits: Float64Array): void {
  const c = p.classes;
  const d = p.dim;
  const w = p.weight;
  for (let j = 0; j < c; j++) logits[j] = p.bias[j]!;
  for (let k = 0; k < d; k++) {
    const h = hidden[k]!;
    if (h === 0) continue;
    const row = k * c;
    for (let j = 0; j < c; j++) logits[j]! += h * w[row + j]!;
  }
}

/** In-place numerically stable softmax over the first `n` entries. */
export function softmaxInPlace(values: Float64Array | Float32Array, n = values.length): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (values[i]! > max) max = values[i]!;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(values[i]! - max);
    values[i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) values[i]! /= sum;
}

/** Reference forward pass of one featurised text: class probabilities. */
export function bagForward(
  p: BagParameters,
  ids: Int32Array,
  weights: Float32Array,
  n = ids.length,
): Float32Array {
  const hidden = new Float64Array(p.dim);
  const logits = new Float64Array(p.classes);
  bagHidden(p, ids, weights, n, hidden);
  bagLogits(p, hidden, logits);
  softmaxInPlace(logits);
  return Float32Array.from(logits);
}
