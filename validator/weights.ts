/**
 * From moving-average scores to the u16 vector a validator puts on chain: domain budgets and score
 * sharpening (`rawWeights`), then the Bittensor SDK's `process_weights_for_netuid`
 * (`processWeights`, `normalizeMaxWeight`) and `convert_weights_and_uids_for_emit` (`toU16Weights`),
 * re-implemented from their documented behaviour (bittensor/utils/weight_utils.py), and
 * `weightsForChain`, which runs the whole path from moving averages to the u16 vector. Pure: no I/O.
 *
 * Differences from the SDK, all deliberate:
 * - float64 instead of numpy float32 (results agree to ~1e-7);
 * - `excludeQuantile` is a fraction in [0,1] (the SDK takes it in u16 units and divides by 65535);
 * - the "fewer non-zero weights than MinAllowedWeights" padding adds each weight at its uid (the SDK adds
 *   it at its position in the input, which is the same thing only when `uids` is 0..n-1);
 * - `toU16Weights` can take the chain's `MaxWeightsLimit` and then rounds the smaller weights up where
 *   plain rounding would push the largest share past the limit (the chain would refuse the extrinsic).
 */

import { DOMAIN_NAMES, isDomainName } from '../shared/domains/index.js';
import { ExpertnetError } from '../shared/errors.js';

export type WeightsErrorType =
  | { code: 'LENGTH_MISMATCH'; uids: number; weights: number }
  | { code: 'INVALID_UID'; uid: number; n?: number }
  | { code: 'DUPLICATE_UID'; uid: number }
  | { code: 'INVALID_WEIGHT'; uid: number; weight: number }
  | { code: 'INVALID_LIMIT'; limit: string; value: number; reason: string }
  | { code: 'INVALID_DOMAIN_SHARES'; text: string; reason: string };

/** A caller's bad weights, limits or `--neuron.domain_shares` text. */
export class WeightsError extends ExpertnetError<WeightsErrorType> {}

export const U16_MAX = 65_535;
/** The SDK's numerical-stability margin in `normalize_max_weight`: keeps the capped max just under the limit. */
const NORMALIZE_EPSILON = 1e-7;
/** The SDK's floor for every uid when too few have non-zero weights. */
const MIN_ALLOWED_PADDING = 1e-5;

export interface MinerScore {
  uid: number;
  domain: string;
  score: number;
}

/**
 * Budget per domain from `shares` (normalised over the domains that have a miner with a positive score),
 * within a domain ∝ score^power. Every given uid is in the result; the values sum to 1, or are all 0
 * when nobody scored. Miners of a domain with no (or a zero) share get 0: the validator pays only the
 * domains it was told to judge. Non-finite or negative scores count as 0.
 */
export function rawWeights(
  scores: readonly MinerScore[],
  shares: Readonly<Record<string, number>>,
  power = 1,
): Map<number, number> {
  if (!Number.isFinite(power) || power <= 0) {
    throw new WeightsError(
      { code: 'INVALID_LIMIT', limit: 'power', value: power, reason: 'must be a finite number > 0' },
      `score power ${power} must be a finite number > 0`,
    );
  }
  const result = new Map<number, number>();
  const sharpenedByDomain = new Map<string, { uid: number; value: number }[]>();
  for (const { uid, domain, score } of scores) {
    if (!Number.isInteger(uid) || uid < 0 || uid > U16_MAX) {
      throw new WeightsError({ code: 'INVALID_UID', uid }, `invalid uid ${uid}`);
    }
    if (result.has(uid)) throw new WeightsError({ code: 'DUPLICATE_UID', uid }, `uid ${uid} scored twice`);
    result.set(uid, 0);
    const share = shares[domain];
    if (share === undefined || !(share > 0) || !Number.isFinite(share)) continue;
    const value = Number.isFinite(score) && score > 0 ? score ** power : 0;
    if (!(value > 0)) continue; // also drops a score^power that underflowed to 0
    const list = sharpenedByDomain.get(domain) ?? [];
    list.push({ uid, value });
    sharpenedByDomain.set(domain, list);
  }
  let shareTotal = 0;
  for (const domain of sharpenedByDomain.keys()) shareTotal += shares[domain]!;
  for (const [domain, miners] of sharpenedByDomain) {
    const budget = shares[domain]! / shareTotal;
    let domainTotal = 0;
    for (const { value } of miners) domainTotal += value;
    for (const { uid, value } of miners) result.set(uid, (budget * value) / domainTotal);
  }
  return result;
}

export interface WeightLimits {
  /** Neurons on the subnet (metagraph n). */
  n: number;
  minAllowedWeights: number;
  /** u16 fraction of 65535: the largest share one uid may get (MaxWeightsLimit). */
  maxWeightsLimit: number;
  /** Fraction in [0,1] of the lowest non-zero weights to drop (never below minAllowedWeights); default 0. */
  excludeQuantile?: number;
}

/**
 * The SDK's `normalize_max_weight`: scales `x` to sum 1 with no entry above `limit` (a float share) by
 * capping the largest entries at a common cutoff. Uniform when `x` sums to 0 or when `length × limit ≤ 1`
 * (no vector of that length can meet the limit).
 */
export function normalizeMaxWeight(x: readonly number[], limit = 0.1): number[] {
  const length = x.length;
  if (length === 0) return [];
  const values = [...x].sort((a, b) => a - b);
  const total = sum(values);
  if (total === 0 || length * limit <= 1) return x.map(() => 1 / length);
  const estimation = values.map((v) => v / total);
  if (estimation[length - 1]! <= limit) return x.map((v) => v / total);

  // The share entry i would have if every entry from i up were capped at its value; it grows with i,
  // so the entries whose share stays under the limit are a prefix of the sorted values.
  const cumsum: number[] = [];
  let running = 0;
  for (const e of estimation) {
    running += e;
    cumsum.push(running);
  }
  let kept = 0;
  for (let i = 0; i < length; i++) {
    const cappedShare = estimation[i]! / ((length - i - 1) * estimation[i]! + cumsum[i]! + NORMALIZE_EPSILON);
    if (cappedShare < limit) kept++;
  }
  // Cap so that cap / (sum of the kept + (length − kept) × cap) = limit, minus the SDK's margin.
  const cutoffScale = (limit * cumsum[kept - 1]! - NORMALIZE_EPSILON) / (1 - limit * (length - kept));
  const cutoff = cutoffScale * total;
  const capped = x.map((v) => Math.min(v, cutoff));
  const cappedTotal = sum(capped);
  return capped.map((v) => v / cappedTotal);
}

/**
 * The SDK's `process_weights_for_netuid` with the chain's hyperparameters passed in:
 * - no positive weight, or `n < minAllowedWeights`: uniform over every uid 0..n-1;
 * - fewer positive weights than `minAllowedWeights`: every uid 0..n-1 gets 1e-5 plus its weight, then
 *   `normalizeMaxWeight`;
 * - otherwise the positive weights minus those under the `excludeQuantile` quantile (never dropping
 *   below `minAllowedWeights` of them), then `normalizeMaxWeight`.
 * Zero and negative weights are left out, as in the SDK. Throws `WeightsError` on NaN/Infinity, uids
 * outside 0..n-1, duplicates, mismatched lengths or bad limits.
 */
export function processWeights(
  uids: readonly number[],
  weights: readonly number[],
  limits: WeightLimits,
): { uids: number[]; weights: number[] } {
  const { n, minAllowedWeights, maxWeightsLimit } = limits;
  const excludeQuantile = limits.excludeQuantile ?? 0;
  checkLimit('n', n, Number.isInteger(n) && n >= 0 && n <= U16_MAX + 1, 'must be an integer in 0..65536');
  checkLimit(
    'minAllowedWeights',
    minAllowedWeights,
    Number.isInteger(minAllowedWeights) && minAllowedWeights >= 0,
    'must be an integer ≥ 0',
  );
  checkLimit(
    'maxWeightsLimit',
    maxWeightsLimit,
    Number.isInteger(maxWeightsLimit) && maxWeightsLimit >= 0 && maxWeightsLimit <= U16_MAX,
    'must be a u16',
  );
  checkLimit(
    'excludeQuantile',
    excludeQuantile,
    excludeQuantile >= 0 && excludeQuantile <= 1,
    'must be a fraction in [0,1]',
  );
  checkPairs(uids, weights, n);
  const limit = maxWeightsLimit / U16_MAX;

  const nonZeroUids: number[] = [];
  const nonZeroWeights: number[] = [];
  uids.forEach((uid, i) => {
    if (weights[i]! > 0) {
      nonZeroUids.push(uid);
      nonZeroWeights.push(weights[i]!);
    }
  });
  const everyUid = Array.from({ length: n }, (_, uid) => uid);

  if (nonZeroWeights.length === 0 || n < minAllowedWeights) {
    return { uids: everyUid, weights: everyUid.map(() => 1 / n) };
  }
  if (nonZeroWeights.length < minAllowedWeights) {
    const padded = everyUid.map(() => MIN_ALLOWED_PADDING);
    nonZeroUids.forEach((uid, i) => {
      padded[uid]! += nonZeroWeights[i]!;
    });
    return { uids: everyUid, weights: normalizeMaxWeight(padded, limit) };
  }

  const maxExclude = Math.max(0, nonZeroWeights.length - minAllowedWeights) / nonZeroWeights.length;
  const lowest = quantile(nonZeroWeights, Math.min(excludeQuantile, maxExclude));
  const keptUids: number[] = [];
  const keptWeights: number[] = [];
  nonZeroWeights.forEach((w, i) => {
    if (lowest <= w) {
      keptUids.push(nonZeroUids[i]!);
      keptWeights.push(w);
    }
  });
  return { uids: keptUids, weights: normalizeMaxWeight(keptWeights, limit) };
}

/**
 * The SDK's `convert_weights_and_uids_for_emit`: scales so the largest weight is 65535, rounds (half to
 * even, as Python does) and drops the uids that round to 0. All-zero input gives empty vectors (nothing
 * to set). With `maxWeightsLimit` (u16) the result also passes the chain's `check_vec_max_limited`
 * whenever the float weights did: if plain rounding pushed the largest share past the limit, every
 * positive weight is rounded up instead, which can only lower that share.
 */
export function toU16Weights(
  uids: readonly number[],
  weights: readonly number[],
  maxWeightsLimit?: number,
): { uids: number[]; weights: number[] } {
  checkPairs(uids, weights);
  for (let i = 0; i < weights.length; i++) {
    if (weights[i]! < 0) {
      throw new WeightsError(
        { code: 'INVALID_WEIGHT', uid: uids[i]!, weight: weights[i]! },
        `weight ${weights[i]} of uid ${uids[i]} is negative and cannot be set on chain`,
      );
    }
  }
  const max = weights.reduce((m, w) => Math.max(m, w), 0);
  if (max === 0) return { uids: [], weights: [] };

  const convert = (round: (x: number) => number) => {
    const out = { uids: [] as number[], weights: [] as number[] };
    weights.forEach((w, i) => {
      const value = round((w / max) * U16_MAX);
      if (value !== 0) {
        out.uids.push(uids[i]!);
        out.weights.push(value);
      }
    });
    return out;
  };
  const rounded = convert(roundHalfEven);
  if (
    maxWeightsLimit === undefined ||
    maxWeightsLimit >= U16_MAX ||
    rounded.weights.length <= 1 ||
    maxShareWithin(rounded.weights, maxWeightsLimit)
  ) {
    return rounded;
  }
  // Rounding the others down raised the top share past the limit: round every positive weight up instead.
  // (The top entries are exactly 65535 either way; only the others grow.)
  return convert(Math.ceil);
}

/** The chain's `check_vec_max_limited` in floats: is the largest share of `values` ≤ maxWeightsLimit/65535? */
export function maxShareWithin(values: readonly number[], maxWeightsLimit: number): boolean {
  const total = sum(values);
  if (values.length === 0 || total === 0) return true;
  const max = values.reduce((m, v) => Math.max(m, v), 0);
  return max / total <= maxWeightsLimit / U16_MAX;
}

/** A u16 weight vector as it goes on chain. */
export interface U16Weights {
  uids: number[];
  weights: number[];
}

export interface ChainWeightsInput {
  /** The miners to weigh (the metagraph's current miners); nobody else gets weight. */
  miners: readonly { uid: number; hotkey: string; domain: string }[];
  /** Moving averages with the hotkey they were earned under; another hotkey at the uid counts as 0. */
  averages: readonly { uid: number; hotkey: string; score: number }[];
  /** The subnet's limits (metagraph `n`, `MinAllowedWeights`, `MaxWeightsLimit`). */
  limits: { n: number; minAllowedWeights: number; maxWeightsLimit: number };
  /** The validator's own settings (`--neuron.domain_shares`, `score_power`, `exclude_quantile`). */
  settings: { domainShares: Readonly<Record<string, number>>; scorePower: number; excludeQuantile: number };
}

/**
 * The whole path from moving averages to what goes on chain: each miner's average (0 unless earned
 * under its current hotkey) → `rawWeights` → `processWeights` with the subnet's limits →
 * `toU16Weights`. Undefined when there is nothing to set (no miners, or every weight rounds to 0).
 * Throws `WeightsError` on bad settings or limits.
 */
export function weightsForChain(input: ChainWeightsInput): U16Weights | undefined {
  const { miners, limits, settings } = input;
  if (miners.length === 0) return undefined;
  const averages = new Map(input.averages.map((a) => [a.uid, a]));
  const scored = miners.map((miner) => {
    const average = averages.get(miner.uid);
    return {
      uid: miner.uid,
      domain: miner.domain,
      score: average && average.hotkey === miner.hotkey ? average.score : 0,
    };
  });
  const raw = rawWeights(scored, settings.domainShares, settings.scorePower);
  const processed = processWeights([...raw.keys()], [...raw.values()], {
    ...limits,
    excludeQuantile: settings.excludeQuantile,
  });
  const u16 = toU16Weights(processed.uids, processed.weights, limits.maxWeightsLimit);
  return u16.uids.length > 0 ? u16 : undefined;
}

/**
 * Parses `--neuron.domain_shares`, e.g. `legal=1,medical=1,finance=2`: known domain names, each once,
 * shares finite and ≥ 0, at least one positive. Throws `WeightsError` `INVALID_DOMAIN_SHARES`.
 */
export function parseDomainShares(text: string): Record<string, number> {
  const fail = (reason: string): never => {
    throw new WeightsError(
      { code: 'INVALID_DOMAIN_SHARES', text, reason },
      `invalid domain shares '${text}': ${reason}`,
      { metaMessages: [`expected e.g. ${DOMAIN_NAMES.map((d) => `${d}=1`).join(',')}`] },
    );
  };
  if (typeof text !== 'string' || text.trim() === '') fail('empty');
  const shares: Record<string, number> = {};
  for (const part of text.split(',')) {
    const pair = part.trim();
    const eq = pair.indexOf('=');
    if (eq < 0) fail(`'${pair}' is not domain=share`);
    const domain = pair.slice(0, eq).trim();
    const shareText = pair.slice(eq + 1).trim();
    if (!isDomainName(domain)) fail(`unknown domain '${domain}' (valid: ${DOMAIN_NAMES.join(', ')})`);
    if (Object.hasOwn(shares, domain)) fail(`domain '${domain}' given twice`);
    // Number('') is 0 and Number('0x10') is 16: accept plain decimals only.
    if (!/^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(shareText)) {
      fail(`share '${shareText}' of '${domain}' is not a number ≥ 0`);
    }
    const share = Number(shareText);
    if (!Number.isFinite(share)) fail(`share '${shareText}' of '${domain}' is not finite`);
    shares[domain] = share;
  }
  if (!Object.values(shares).some((s) => s > 0)) fail('every share is 0');
  return shares;
}

/** Python's `round`, which the SDK uses: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** numpy's default (linear) quantile of non-empty `xs`. */
function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function sum(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}

function checkLimit(limit: string, value: number, ok: boolean, reason: string): void {
  if (typeof value !== 'number' || !ok) {
    throw new WeightsError({ code: 'INVALID_LIMIT', limit, value, reason }, `${limit} ${value} ${reason}`);
  }
}

/** Same lengths, finite weights, unique integer uids (below `n` when given). */
function checkPairs(uids: readonly number[], weights: readonly number[], n?: number): void {
  if (uids.length !== weights.length) {
    throw new WeightsError(
      { code: 'LENGTH_MISMATCH', uids: uids.length, weights: weights.length },
      `${uids.length} uids but ${weights.length} weights`,
    );
  }
  const seen = new Set<number>();
  uids.forEach((uid, i) => {
    const bound = n ?? U16_MAX + 1;
    if (!Number.isInteger(uid) || uid < 0 || uid >= bound) {
      throw new WeightsError({ code: 'INVALID_UID', uid, n }, `uid ${uid} is outside 0..${bound - 1}`);
    }
    if (seen.has(uid)) throw new WeightsError({ code: 'DUPLICATE_UID', uid }, `uid ${uid} given twice`);
    seen.add(uid);
    const w = weights[i]!;
    if (typeof w !== 'number' || !Number.isFinite(w)) {
      throw new WeightsError({ code: 'INVALID_WEIGHT', uid, weight: w }, `weight of uid ${uid} is ${w}`);
    }
  });
}
