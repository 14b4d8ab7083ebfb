/**
 * How a validator turns a miner's answers into one number per uid: a proper scoring rule per item, a
 * latency factor, and an exponential moving average per uid that restarts when the uid changes hands.
 * Pure: no I/O, no clocks.
 */
import { ExpertnetError } from '../shared/errors.js';

export type ScoringErrorType =
  | { code: 'INVALID_TRUE_INDEX'; trueIndex: number; classes?: number }
  | { code: 'INVALID_RULE'; rule: string }
  | { code: 'INVALID_OPTION'; option: string; value: unknown; reason: string }
  | { code: 'INVALID_UID'; uid: unknown }
  | { code: 'BAD_STATE'; path: string; reason: string };

/** A caller's bad argument or a saved score file that does not validate (never a miner's bad answer). */
export class ScoringError extends ExpertnetError<ScoringErrorType> {}

export type ScoringRule = 'brier' | 'log';

/** A probability vector may drift this far from summing to 1 (float32 softmax) and still be scored. */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;
/** The log score clips the true class's probability here, so one confident miss costs 1, not infinity. */
export const LOG_SCORE_MIN_PROBABILITY = 1e-4;

/**
 * One item's quality in [0,1]: `1 − Brier/2` (multi-class Brier lies in [0,2]) or the bounded log score
 * `1 − ln(max(p, 1e-4)) / ln(1e-4)`. A malformed vector (empty, shorter than `trueIndex` or than
 * `classes` when given, NaN/±Infinity, negative entries, sum off 1 by more than 1e-3) scores 0: it is the
 * miner's fault. Within the tolerance the vector is renormalised first so both rules stay proper.
 */
export function itemScore(
  probabilities: readonly number[],
  trueIndex: number,
  rule: ScoringRule,
  classes?: number,
): number {
  if (rule !== 'brier' && rule !== 'log') {
    throw new ScoringError({ code: 'INVALID_RULE', rule: String(rule) }, `unknown scoring rule '${rule}'`);
  }
  if (
    !Number.isInteger(trueIndex) ||
    trueIndex < 0 ||
    (classes !== undefined && (!Number.isInteger(classes) || classes < 1 || trueIndex >= classes))
  ) {
    throw new ScoringError(
      { code: 'INVALID_TRUE_INDEX', trueIndex, classes },
      `true label index ${trueIndex} is not a class index${classes === undefined ? '' : ` of ${classes}`}`,
    );
  }
  if (!Array.isArray(probabilities)) return 0;
  const length = probabilities.length;
  if (length === 0 || trueIndex >= length || (classes !== undefined && length !== classes)) return 0;
  let sum = 0;
  for (const p of probabilities) {
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0) return 0;
    sum += p;
  }
  if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) return 0;

  if (rule === 'log') {
    const pTrue = probabilities[trueIndex]! / sum;
    const clipped = Math.min(1, Math.max(LOG_SCORE_MIN_PROBABILITY, pTrue));
    return clamp01(1 - Math.log(clipped) / Math.log(LOG_SCORE_MIN_PROBABILITY));
  }
  let brier = 0;
  for (let i = 0; i < length; i++) {
    const diff = probabilities[i]! / sum - (i === trueIndex ? 1 : 0);
    brier += diff * diff;
  }
  return clamp01(1 - brier / 2);
}

export interface LatencyOptions {
  /** At or under this the factor is 1. */
  targetMs: number;
  /** The factor reaches `floor` here; a later answer is late and gets 0. */
  timeoutMs: number;
  /** Factor at `timeoutMs`, in [0,1]; default 0. */
  floor?: number;
}

/**
 * 1 at or under `targetMs`, falling linearly to `floor` at `timeoutMs`, 0 past it (a late answer scores
 * 0 whatever its content). A negative latency (clock step) counts as 0 ms; NaN counts as late.
 */
export function latencyFactor(latencyMs: number, options: LatencyOptions): number {
  const { targetMs, timeoutMs } = options;
  const floor = options.floor ?? 0;
  if (!Number.isFinite(targetMs) || targetMs < 0) {
    throw invalidOption('targetMs', targetMs, 'must be a finite number ≥ 0');
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs < targetMs) {
    throw invalidOption('timeoutMs', timeoutMs, 'must be a finite number ≥ targetMs');
  }
  if (!Number.isFinite(floor) || floor < 0 || floor > 1) {
    throw invalidOption('floor', floor, 'must be within [0,1]');
  }
  if (Number.isNaN(latencyMs) || latencyMs > timeoutMs) return 0;
  if (latencyMs <= targetMs) return 1;
  const fraction = (latencyMs - targetMs) / (timeoutMs - targetMs);
  return 1 - fraction * (1 - floor);
}

export interface ScoreEntry {
  uid: number;
  hotkey: string;
  /** The moving average. */
  score: number;
  /** Rounds folded in since this hotkey took the uid. */
  rounds: number;
  lastRound: number;
}

/**
 * Exponential moving average of round scores per uid. A new (or re-registered) uid starts from 0, so a
 * miner earns its weight over several rounds and a new hotkey cannot inherit the previous owner's score.
 */
export class MovingAverageScores {
  readonly alpha: number;
  readonly #entries = new Map<number, ScoreEntry>();

  constructor(alpha: number) {
    if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 0 || alpha > 1) {
      throw invalidOption('alpha', alpha, 'must be within (0,1]');
    }
    this.alpha = alpha;
  }

  /** Folds one round score in; a different hotkey at this uid resets it first (re-registration). Returns the new average. */
  update(uid: number, hotkey: string, score: number, round: number): number {
    if (!isUid(uid)) throw new ScoringError({ code: 'INVALID_UID', uid }, `invalid uid ${String(uid)}`);
    // A round score that is not a number is a failed round, never a poisoned average.
    const value = Number.isFinite(score) && score > 0 ? score : 0;
    const previous = this.#entries.get(uid);
    const start = previous && previous.hotkey === hotkey ? previous : undefined;
    const average = this.alpha * value + (1 - this.alpha) * (start?.score ?? 0);
    this.#entries.set(uid, {
      uid,
      hotkey,
      score: average,
      rounds: (start?.rounds ?? 0) + 1,
      lastRound: round,
    });
    return average;
  }

  get(uid: number): ScoreEntry | undefined {
    const entry = this.#entries.get(uid);
    return entry && { ...entry };
  }

  /** Copies, ordered by uid. */
  entries(): ScoreEntry[] {
    return [...this.#entries.values()].sort((a, b) => a.uid - b.uid).map((entry) => ({ ...entry }));
  }

  /** Drops uids whose hotkey no longer matches the metagraph. */
  prune(hotkeysByUid: ReadonlyMap<number, string>): void {
    for (const [uid, entry] of this.#entries) {
      if (hotkeysByUid.get(uid) !== entry.hotkey) this.#entries.delete(uid);
    }
  }

  toJSON(): { alpha: number; entries: ScoreEntry[] } {
    return { alpha: this.alpha, entries: this.entries() };
  }

  /** Rebuilds from `toJSON()` output; throws `ScoringError` `BAD_STATE` naming the first bad field. */
  static fromJSON(json: unknown): MovingAverageScores {
    if (!isRecord(json)) throw badState('$', 'not an object');
    const alpha = json.alpha;
    if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 0 || alpha > 1) {
      throw badState('$.alpha', 'must be a number within (0,1]');
    }
    if (!Array.isArray(json.entries)) throw badState('$.entries', 'not an array');
    const scores = new MovingAverageScores(alpha);
    json.entries.forEach((raw: unknown, i: number) => {
      const path = `$.entries[${i}]`;
      if (!isRecord(raw)) throw badState(path, 'not an object');
      const { uid, hotkey, score, rounds, lastRound } = raw;
      if (!isUid(uid)) throw badState(`${path}.uid`, 'must be an integer ≥ 0');
      if (scores.#entries.has(uid)) throw badState(`${path}.uid`, `duplicate uid ${uid}`);
      if (typeof hotkey !== 'string' || hotkey.length === 0) {
        throw badState(`${path}.hotkey`, 'must be a non-empty string');
      }
      if (typeof score !== 'number' || !Number.isFinite(score) || score < 0) {
        throw badState(`${path}.score`, 'must be a finite number ≥ 0');
      }
      if (!Number.isSafeInteger(rounds) || (rounds as number) < 0) {
        throw badState(`${path}.rounds`, 'must be an integer ≥ 0');
      }
      if (!Number.isSafeInteger(lastRound)) throw badState(`${path}.lastRound`, 'must be an integer');
      scores.#entries.set(uid, {
        uid,
        hotkey,
        score,
        rounds: rounds as number,
        lastRound: lastRound as number,
      });
    });
    return scores;
  }
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function isUid(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidOption(option: string, value: unknown, reason: string): ScoringError {
  return new ScoringError({ code: 'INVALID_OPTION', option, value, reason }, `${option} ${reason}`);
}

function badState(path: string, reason: string): ScoringError {
  return new ScoringError(
    { code: 'BAD_STATE', path, reason },
    `bad moving-average state at ${path}: ${reason}`,
  );
}
