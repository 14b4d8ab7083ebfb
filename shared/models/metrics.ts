/**
 * Quality metrics of probabilistic classifiers, as pure functions over a flat [n, classes] probability
 * array and the true class index of each item.
 */
import { ModelError } from './errors.js';

/** Probabilities are clipped to [LOG_LOSS_EPS, 1] before the log, so one confident miss costs ~34.5 nats. */
export const LOG_LOSS_EPS = 1e-15;
/** Default number of equal-width confidence bins of the expected calibration error. */
export const ECE_BINS = 15;

export interface ClassificationMetrics {
  n: number;
  accuracy: number;
  logLoss: number;
  brier: number;
  ece: number;
  eceBins: number;
}

function checkShape(probs: ArrayLike<number>, targets: ArrayLike<number>, classes: number): number {
  const n = targets.length;
  if (!Number.isInteger(classes) || classes < 1 || probs.length !== n * classes) {
    throw new ModelError(
      { code: 'INVALID_PARAMETER', parameter: 'probs', reason: `length ${probs.length} ≠ ${n} × ${classes}` },
      `probs must hold targets.length × classes values (${n} × ${classes}), got ${probs.length}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const t = targets[i]!;
    if (!Number.isInteger(t) || t < 0 || t >= classes) {
      throw new ModelError(
        { code: 'INVALID_PARAMETER', parameter: 'targets', reason: `entry ${i} = ${t}` },
        `targets[${i}] = ${t} is not a class index`,
      );
    }
  }
  return n;
}

/** Index of the largest probability in row `i` (first one on ties). */
export function argmaxRow(probs: ArrayLike<number>, classes: number, i: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (probs[i * classes + c]! > probs[i * classes + best]!) best = c;
  return best;
}

/** Share of items whose most probable class is the true one. NaN for no items. */
export function accuracy(probs: ArrayLike<number>, targets: ArrayLike<number>, classes: number): number {
  const n = checkShape(probs, targets, classes);
  let correct = 0;
  for (let i = 0; i < n; i++) if (argmaxRow(probs, classes, i) === targets[i]) correct++;
  return correct / n;
}

/** Mean negative log-probability of the true class (natural log, clipped at LOG_LOSS_EPS). */
export function logLoss(probs: ArrayLike<number>, targets: ArrayLike<number>, classes: number): number {
  const n = checkShape(probs, targets, classes);
  let sum = 0;
  for (let i = 0; i < n; i++) sum -= Math.log(Math.max(LOG_LOSS_EPS, probs[i * classes + targets[i]!]!));
  return sum / n;
}

/** Multi-class Brier score: mean over items of Σ_c (p_c − [c = y])², in [0, 2]. */
export function brierScore(probs: ArrayLike<number>, targets: ArrayLike<number>, classes: number): number {
  const n = checkShape(probs, targets, classes);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) {
      const d = probs[i * classes + c]! - (c === targets[i] ? 1 : 0);
      sum += d * d;
    }
  }
  return sum / n;
}

/**
 * Expected calibration error of the top-label confidence: items go into `bins` equal-width bins of
 * (0, 1] by their highest probability (bin k holds (k/bins, (k+1)/bins], confidence 0 goes to bin 0);
 * ECE = Σ_bins (|bin| / n) · |accuracy(bin) − mean confidence(bin)|.
 */
export function expectedCalibrationError(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  classes: number,
  bins = ECE_BINS,
): number {
  const n = checkShape(probs, targets, classes);
  if (!Number.isInteger(bins) || bins < 1) {
    throw new ModelError(
      { code: 'INVALID_PARAMETER', parameter: 'bins', reason: `got ${bins}` },
      'bins must be a positive integer',
    );
  }
  const count = new Float64Array(bins);
  const correct = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const top = argmaxRow(probs, classes, i);
    const conf = probs[i * classes + top]!;
    const bin = Math.min(bins - 1, Math.max(0, Math.ceil(conf * bins) - 1));
    count[bin]!++;
    confidence[bin]! += conf;
    if (top === targets[i]) correct[bin]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    ece += (count[b]! / n) * Math.abs(correct[b]! / count[b]! - confidence[b]! / count[b]!);
  }
  return ece;
}

/** All metrics at once. */
export function classificationMetrics(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  classes: number,
  bins = ECE_BINS,
): ClassificationMetrics {
  return {
    n: targets.length,
    accuracy: accuracy(probs, targets, classes),
    logLoss: logLoss(probs, targets, classes),
    brier: brierScore(probs, targets, classes),
    ece: expectedCalibrationError(probs, targets, classes, bins),
    eceBins: bins,
  };
}

/** One label's figures: items whose true label it is, the share of them predicted right, and precision. */
export interface LabelMetrics {
  n: number;
  /** Share of this label's items whose top prediction is this label (NaN when n = 0). */
  recall: number;
  /** Share of items predicted as this label that carry it (NaN when none is predicted as it). */
  precision: number;
}

/** Recall and precision of every class, by class index. */
export function perClassMetrics(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  classes: number,
): LabelMetrics[] {
  const n = checkShape(probs, targets, classes);
  const count = new Float64Array(classes);
  const predicted = new Float64Array(classes);
  const hit = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    const t = targets[i]!;
    const top = argmaxRow(probs, classes, i);
    count[t]!++;
    predicted[top]!++;
    if (top === t) hit[t]!++;
  }
  return Array.from({ length: classes }, (_, c) => ({
    n: count[c]!,
    recall: count[c]! > 0 ? hit[c]! / count[c]! : Number.NaN,
    precision: predicted[c]! > 0 ? hit[c]! / predicted[c]! : Number.NaN,
  }));
}
