/** Evaluation of a loaded model on labelled items: quality metrics plus throughput. */
import { performance } from 'node:perf_hooks';
import type { LabelledItem } from '../domains/index.js';
import type { DomainModel } from './domain-model.js';
import { ModelError } from './errors.js';
import {
  type ClassificationMetrics,
  classificationMetrics,
  ECE_BINS,
  type LabelMetrics,
  perClassMetrics,
} from './metrics.js';

export interface EvaluateParameters {
  model: DomainModel;
  items: readonly LabelledItem[];
  /** Texts per `predict` call (default 64). */
  batchSize?: number;
  eceBins?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface EvaluationReport extends ClassificationMetrics {
  /** Items per second through the wrapper (featurising/tokenising + ONNX Runtime), batches of `batchSize`. */
  itemsPerSecond: number;
  seconds: number;
  batchSize: number;
  /** Figures of every label of the model, in its label order (JSON turns NaN into null). */
  perLabel: Record<string, LabelMetrics>;
}

export async function evaluateModel(params: EvaluateParameters): Promise<EvaluationReport> {
  const { model, items } = params;
  const batchSize = params.batchSize ?? 64;
  if (items.length === 0) {
    throw new ModelError(
      { code: 'INVALID_PARAMETER', parameter: 'items', reason: 'empty' },
      'no items to evaluate',
    );
  }
  const labelIndex = new Map(model.labels.map((l, i) => [l, i]));
  const targets = new Int32Array(items.length);
  items.forEach((item, i) => {
    const t = labelIndex.get(item.label);
    if (t === undefined) {
      throw new ModelError(
        { code: 'INVALID_PARAMETER', parameter: 'items', reason: `unknown label ${item.label}` },
        `item ${i} has label "${item.label}", which the model does not know`,
      );
    }
    targets[i] = t;
  });
  const probs = new Float32Array(items.length * model.classes);
  const started = performance.now();
  for (let from = 0; from < items.length; from += batchSize) {
    const batch = items.slice(from, from + batchSize).map((item) => item.text);
    const out = await model.predictFlat(batch);
    probs.set(out.probs, from * model.classes);
    params.onProgress?.(from + batch.length, items.length);
  }
  const seconds = (performance.now() - started) / 1000;
  const perClass = perClassMetrics(probs, targets, model.classes);
  return {
    ...classificationMetrics(probs, targets, model.classes, params.eceBins ?? ECE_BINS),
    itemsPerSecond: items.length / seconds,
    seconds,
    batchSize,
    perLabel: Object.fromEntries(model.labels.map((label, c) => [label, perClass[c]!])),
  };
}
