/**
 * Per-miner calibration: does a miner's confidence mean what it says? For each scored item the
 * validator keeps the miner's top probability and whether that class was right, over a sliding window
 * of the miner's most recent items, and reports the expected calibration error (ECE) over equal-width
 * confidence bins: Σ_b (n_b / n) · |accuracy_b − mean confidence_b|. 0 is perfectly calibrated; a
 * model that says 0.99 and is right 70 % of the time has ECE ≈ 0.29.
 *
 * The proper scoring rules already reward calibration; this makes it visible (metrics, /v1/miners).
 * Kept in memory only: a restart starts the windows afresh.
 */
import { ExpertnetError } from '../shared/errors.js';

export type CalibrationErrorType = { code: 'INVALID_OPTION'; option: string; value: unknown };

export class CalibrationError extends ExpertnetError<CalibrationErrorType> {}

export interface CalibrationOptions {
  /** Items kept per miner. Default 1,024. */
  window?: number;
  /** Equal-width confidence bins over [0, 1]. Default 10. */
  bins?: number;
}

/** One answered item: the miner's top probability and whether its top class was the true label. */
export interface CalibrationSample {
  confidence: number;
  correct: boolean;
}

interface Ring {
  hotkey: string;
  confidence: Float32Array;
  correct: Uint8Array;
  /** Next slot to write. */
  next: number;
  size: number;
}

export class CalibrationTracker {
  readonly window: number;
  readonly bins: number;
  readonly #rings = new Map<number, Ring>();

  constructor(options: CalibrationOptions = {}) {
    this.window = checkInteger('window', options.window ?? 1024, 1, 1 << 20);
    this.bins = checkInteger('bins', options.bins ?? 10, 1, 1000);
  }

  /** Adds a miner's items; a different hotkey at the uid starts a fresh window (re-registration). */
  record(uid: number, hotkey: string, samples: readonly CalibrationSample[]): void {
    let ring = this.#rings.get(uid);
    if (!ring || ring.hotkey !== hotkey) {
      ring = {
        hotkey,
        confidence: new Float32Array(this.window),
        correct: new Uint8Array(this.window),
        next: 0,
        size: 0,
      };
      this.#rings.set(uid, ring);
    }
    for (const { confidence, correct } of samples) {
      if (!Number.isFinite(confidence)) continue;
      ring.confidence[ring.next] = Math.min(1, Math.max(0, confidence));
      ring.correct[ring.next] = correct ? 1 : 0;
      ring.next = (ring.next + 1) % this.window;
      ring.size = Math.min(this.window, ring.size + 1);
    }
  }

  /** ECE over the miner's window, or undefined before its first answered item (or for another hotkey). */
  ece(uid: number, hotkey: string): number | undefined {
    const ring = this.#rings.get(uid);
    if (!ring || ring.hotkey !== hotkey || ring.size === 0) return undefined;
    const count = new Float64Array(this.bins);
    const hits = new Float64Array(this.bins);
    const confidenceSum = new Float64Array(this.bins);
    for (let i = 0; i < ring.size; i++) {
      const c = ring.confidence[i] ?? 0;
      const bin = Math.min(this.bins - 1, Math.floor(c * this.bins));
      count[bin] = (count[bin] ?? 0) + 1;
      hits[bin] = (hits[bin] ?? 0) + (ring.correct[i] ?? 0);
      confidenceSum[bin] = (confidenceSum[bin] ?? 0) + c;
    }
    let ece = 0;
    for (let b = 0; b < this.bins; b++) {
      const n = count[b] ?? 0;
      if (n > 0) ece += (n / ring.size) * Math.abs((hits[b] ?? 0) / n - (confidenceSum[b] ?? 0) / n);
    }
    return ece;
  }

  /** Items in the miner's window (0 when none or another hotkey). */
  items(uid: number, hotkey: string): number {
    const ring = this.#rings.get(uid);
    return ring && ring.hotkey === hotkey ? ring.size : 0;
  }

  /** Drops uids whose hotkey no longer matches the metagraph. */
  prune(hotkeysByUid: ReadonlyMap<number, string>): void {
    for (const [uid, ring] of this.#rings) {
      if (hotkeysByUid.get(uid) !== ring.hotkey) this.#rings.delete(uid);
    }
  }
}

/**
 * Calibration samples of one answer: per item, the top probability and whether its index is the true
 * class. Items with a malformed vector or a label the miner does not serve are left out (they already
 * score 0).
 */
export function calibrationSamples(
  probabilities: readonly (readonly number[])[],
  trueIndices: readonly number[],
  classes: number,
): CalibrationSample[] {
  const samples: CalibrationSample[] = [];
  trueIndices.forEach((trueIndex, i) => {
    const p = probabilities[i];
    if (trueIndex < 0 || !p || p.length !== classes) return;
    let best = 0;
    let sum = 0;
    for (let j = 0; j < p.length; j++) {
      const v = p[j] ?? Number.NaN;
      if (!Number.isFinite(v) || v < 0) return;
      sum += v;
      if (v > (p[best] ?? 0)) best = j;
    }
    if (sum <= 0) return;
    samples.push({ confidence: (p[best] ?? 0) / sum, correct: best === trueIndex });
  });
  return samples;
}

function checkInteger(option: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CalibrationError(
      { code: 'INVALID_OPTION', option, value },
      `calibration ${option} must be an integer in [${min}, ${max}], got ${String(value)}`,
    );
  }
  return value;
}
