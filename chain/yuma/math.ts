/**
 * Vector and sparse-matrix helpers of subtensor's `epoch/math.rs`, on I32F32 raw values (see `fixed.ts`).
 * Each helper names the Rust function it mirrors; the order of operations follows the Rust code so
 * results match bit for bit. Vectors are `Float64Array`s of raw bits; a sparse matrix is one
 * `SparseRow` per uid, entries in stored order (ascending column for chain-written rows).
 * Sparse-matrix helpers live in `sparse.ts`, the weighted median in `median.ts`.
 */
import { clamp, div, mul, ONE, round, toU16 } from './fixed.js';

export function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}

/** `inplace_normalize`: divide by the sum unless the sum is 0. */
export function inplaceNormalize(x: Float64Array): void {
  const s = sum(x);
  if (s === 0) return;
  for (let i = 0; i < x.length; i++) x[i] = div(x[i]!, s);
}

/** `inplace_normalize_using_sum`. */
export function inplaceNormalizeUsingSum(x: Float64Array, s: number): void {
  if (s === 0) return;
  for (let i = 0; i < x.length; i++) x[i] = div(x[i]!, s);
}

/**
 * Stake normalisation in I64F64 then `fixed64_to_fixed32` (`inplace_normalize_64` +
 * `vec_fixed64_to_fixed32`): `floor(s_i·2^32 / Σs)` raw. BigInt here: n values, and rao stakes exceed 2^53.
 * A zero sum leaves the raw stakes (saturated to I32F32::MAX, which only matters for an all-zero vector).
 */
export function normalizeStake64(stake: readonly bigint[]): Float64Array {
  const out = new Float64Array(stake.length);
  let total = 0n;
  for (const s of stake) total += s;
  if (total === 0n) return out;
  for (let i = 0; i < stake.length; i++) out[i] = Number((stake[i]! << 32n) / total);
  return out;
}

/** `is_topk_nonzero`: the k largest (ascending stable sort, lowest n−k dropped) and nonzero. */
export function isTopkNonzero(x: ArrayLike<number>, k: number): boolean[] {
  const n = x.length;
  const result: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) result[i] = x[i] !== 0;
  if (n < k) return result;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => x[a]! - x[b]!); // Array.prototype.sort is stable
  for (let r = 0; r < n - k; r++) result[order[r]!] = false;
  return result;
}

/** `is_topk` (no nonzero filter), kept for the math vectors. */
export function isTopk(x: ArrayLike<number>, k: number): boolean[] {
  const n = x.length;
  const result: boolean[] = new Array(n).fill(true);
  if (n < k) return result;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => x[a]! - x[b]!);
  for (let r = 0; r < n - k; r++) result[order[r]!] = false;
  return result;
}

/** `mat_ema_alpha` (dense, per-cell alpha), used by the math vectors. */
export function matEmaAlpha(
  next: Float64Array[],
  old: Float64Array[],
  alpha: Float64Array[],
): Float64Array[] {
  return next.map((row, i) =>
    row.map((w, j) => {
      const a = alpha[i]![j]!;
      const v = mul(ONE - a, old[i]![j]!) + Math.max(mul(a, w), 0);
      return Math.min(v, ONE);
    }),
  );
}

/**
 * `vec_max_upscale_to_u16`: scale so the maximum becomes 65535, rounding half away from zero, with
 * subtensor's two orders of operations (`e·(65535/max)` when max > 32768, else `(e·65535)/max`).
 */
export function vecMaxUpscaleToU16(x: ArrayLike<number>): number[] {
  const u16Max = 65535 * ONE;
  const out: number[] = new Array(x.length);
  if (x.length === 0) return out;
  let max = x[0]!;
  for (let i = 1; i < x.length; i++) if (x[i]! > max) max = x[i]!;
  if (max === 0) {
    for (let i = 0; i < x.length; i++) out[i] = toU16(mul(x[i]!, u16Max));
    return out;
  }
  if (max > 32768 * ONE) {
    const scale = div(u16Max, max);
    for (let i = 0; i < x.length; i++) out[i] = toU16(round(mul(x[i]!, scale)));
    return out;
  }
  for (let i = 0; i < x.length; i++) out[i] = toU16(round(div(mul(x[i]!, u16Max), max)));
  return out;
}

/** `vec_u16_max_upscale_to_u16`: what `set_weights` stores. */
export function vecU16MaxUpscaleToU16(x: readonly number[]): number[] {
  return vecMaxUpscaleToU16(x.map((v) => v * ONE));
}

/** `check_vec_max_limited`: after normalising, is the max ≤ maxLimit/65535? */
export function checkVecMaxLimited(x: readonly number[], maxLimit: number): boolean {
  const limit = div(maxLimit * ONE, 65535 * ONE);
  const v = Float64Array.from(x, (e) => e * ONE);
  inplaceNormalize(v);
  let max = Number.NEGATIVE_INFINITY;
  for (const e of v) if (e > max) max = e;
  return v.length === 0 || max <= limit;
}

/** The liquid-alpha sigmoid (`alpha_sigmoid`), all arguments raw I32F32. */
export function alphaSigmoid(
  consensus: number,
  weight: number,
  bond: number,
  alphaLow: number,
  alphaHigh: number,
  steepness: number,
  exp: (raw: number) => number,
): number {
  const diffBuy = clamp(weight - consensus, 0, ONE);
  const diffSell = clamp(bond - weight, 0, ONE);
  const combined = weight >= bond ? diffBuy : diffSell;
  const slope = div(steepness, -100 * ONE);
  const sigmoid = div(ONE, ONE + exp(mul(slope, combined - ONE / 2)));
  const alpha = alphaLow + mul(sigmoid, alphaHigh - alphaLow);
  return clamp(alpha, alphaLow, alphaHigh);
}
