/**
 * Vector and sparse-matrix helpers of subtensor's `epoch/math.rs`, on I32F32 raw values (see `fixed.ts`).
 * Each helper names the Rust function it mirrors; the order of operations follows the Rust code so
 * results match bit for bit. Vectors are `Float64Array`s of raw bits; a sparse matrix is one
 * `SparseRow` per uid, entries in stored order (ascending column for chain-written rows).
 */
import { clamp, div, divByReciprocal, mul, ONE, reciprocal, round, toU16 } from './fixed.js';

export interface SparseRow {
  /** Column (uid) of each entry. */
  readonly idx: Int32Array;
  /** Raw I32F32 value of each entry. */
  readonly val: Float64Array;
}
export type SparseMatrix = SparseRow[];

export const EMPTY_ROW: SparseRow = { idx: new Int32Array(0), val: new Float64Array(0) };

/** Builds a row from a growable buffer (no copy: views on the buffers). */
function rowOf(idx: Int32Array, val: Float64Array, len: number): SparseRow {
  if (len === 0) return EMPTY_ROW;
  return { idx: idx.subarray(0, len), val: val.subarray(0, len) };
}

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

/** `inplace_row_normalize_sparse`: rows with a positive sum are divided by it. */
export function inplaceRowNormalizeSparse(m: SparseMatrix): void {
  for (const row of m) {
    const s = sum(row.val);
    if (!(s > 0)) continue;
    const r = reciprocal(s);
    const val = row.val;
    for (let k = 0; k < val.length; k++) val[k] = divByReciprocal(val[k]!, s, r);
  }
}

/** Per-column `reciprocal` of the sums, for `divByReciprocal`. */
export function reciprocals(sums: Float64Array): Float64Array {
  return sums.map(reciprocal);
}

/** Column sums of a sparse matrix (`col_sum_sparse`). */
export function colSumSparse(m: SparseMatrix, columns: number): Float64Array {
  const out = new Float64Array(columns);
  for (const row of m) for (let k = 0; k < row.idx.length; k++) out[row.idx[k]!]! += row.val[k]!;
  return out;
}

/** `inplace_col_normalize_sparse`. */
export function inplaceColNormalizeSparse(m: SparseMatrix, columns: number): void {
  const cs = colSumSparse(m, columns);
  const rs = reciprocals(cs);
  for (const row of m) {
    const idx = row.idx;
    const val = row.val;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k]!;
      const s = cs[j]!;
      if (s !== 0) val[k] = divByReciprocal(val[k]!, s, rs[j]!);
    }
  }
}

/** `inplace_col_max_upscale_sparse`: divide each entry by its column maximum (when nonzero). */
export function inplaceColMaxUpscaleSparse(m: SparseMatrix, columns: number): void {
  const cm = new Float64Array(columns);
  for (const row of m) {
    for (let k = 0; k < row.idx.length; k++) {
      const j = row.idx[k]!;
      if (cm[j]! < row.val[k]!) cm[j] = row.val[k]!;
    }
  }
  for (const row of m) {
    for (let k = 0; k < row.idx.length; k++) {
      const c = cm[row.idx[k]!]!;
      if (c !== 0) row.val[k] = div(row.val[k]!, c);
    }
  }
}

/** `row_sum_sparse`. */
export function rowSumSparse(m: SparseMatrix): Float64Array {
  const out = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) out[i] = sum(m[i]!.val);
  return out;
}

/** `matmul_sparse`: `r_j = Σ_i v_i · m_ij`. */
export function matmulSparse(m: SparseMatrix, v: Float64Array, columns: number): Float64Array {
  const out = new Float64Array(columns);
  for (let i = 0; i < m.length; i++) {
    const row = m[i]!;
    const s = v[i] ?? 0;
    for (let k = 0; k < row.idx.length; k++) out[row.idx[k]!]! += mul(s, row.val[k]!);
  }
  return out;
}

/** `matmul_transpose_sparse`: `r_i = Σ_j v_j · m_ij`. */
export function matmulTransposeSparse(m: SparseMatrix, v: Float64Array): Float64Array {
  const out = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) {
    const row = m[i]!;
    let acc = 0;
    for (let k = 0; k < row.idx.length; k++) acc += mul(v[row.idx[k]!] ?? 0, row.val[k]!);
    out[i] = acc;
  }
  return out;
}

/** `row_hadamard_sparse`: `m_ij · v_i` (zero products kept). */
export function rowHadamardSparse(m: SparseMatrix, v: Float64Array): SparseMatrix {
  return m.map((row, i) => {
    const s = v[i] ?? 0;
    const val = new Float64Array(row.val.length);
    for (let k = 0; k < val.length; k++) val[k] = mul(row.val[k]!, s);
    return row.idx.length === 0 ? EMPTY_ROW : { idx: row.idx, val };
  });
}

/** `mat_vec_mul_sparse`: `m_ij · v_j`, zero products dropped. */
export function matVecMulSparse(m: SparseMatrix, v: Float64Array): SparseMatrix {
  return m.map((row) => {
    const idx = new Int32Array(row.idx.length);
    const val = new Float64Array(row.idx.length);
    let len = 0;
    for (let k = 0; k < row.idx.length; k++) {
      const j = row.idx[k]!;
      if (j >= v.length) continue;
      const p = mul(row.val[k]!, v[j]!);
      if (p !== 0) {
        idx[len] = j;
        val[len++] = p;
      }
    }
    return rowOf(idx, val, len);
  });
}

/** `col_clip_sparse`: `min(w_ij, c_j)`; entries above a threshold ≤ 0 are dropped. */
export function colClipSparse(m: SparseMatrix, threshold: Float64Array): SparseMatrix {
  return m.map((row) => {
    const idx = new Int32Array(row.idx.length);
    const val = new Float64Array(row.idx.length);
    let len = 0;
    for (let k = 0; k < row.idx.length; k++) {
      const j = row.idx[k]!;
      const th = threshold[j] ?? 0;
      const w = row.val[k]!;
      // Kept as min(w, th) unless clipping would need a threshold ≤ 0 (written branch-free: the
      // common case is data-dependent and mispredicts).
      idx[len] = j;
      val[len] = Math.min(w, th);
      len += +(th > 0 || w <= th);
    }
    return rowOf(idx, val, len);
  });
}

/** `mask_rows_sparse`: rows with `mask_i = true` become empty. */
export function maskRowsSparse(mask: readonly boolean[], m: SparseMatrix): SparseMatrix {
  return m.map((row, i) => ((mask[i] ?? true) ? EMPTY_ROW : row));
}

/** Keeps the entries for which `keep(i, j)` holds (the `*_mask_sparse_matrix` family, inverted). */
export function filterSparse(m: SparseMatrix, keep: (i: number, j: number) => boolean): SparseMatrix {
  return m.map((row, i) => {
    let all = true;
    for (let k = 0; k < row.idx.length && all; k++) all = keep(i, row.idx[k]!);
    if (all) return row;
    const idx = new Int32Array(row.idx.length);
    const val = new Float64Array(row.idx.length);
    let len = 0;
    for (let k = 0; k < row.idx.length; k++) {
      if (keep(i, row.idx[k]!)) {
        idx[len] = row.idx[k]!;
        val[len++] = row.val[k]!;
      }
    }
    return rowOf(idx, val, len);
  });
}

/**
 * `interpolate_sparse`: `a + ratio·(b − a)` per cell over all columns, positive results kept
 * (ascending column). `ratio` 0 / 1 return `a` / `b` unchanged, as subtensor short-circuits.
 */
export function interpolateSparse(
  a: SparseMatrix,
  b: SparseMatrix,
  columns: number,
  ratio: number,
): SparseMatrix {
  if (ratio === 0) return a;
  if (ratio === ONE) return b;
  const r1 = new Float64Array(columns);
  const r2 = new Float64Array(columns);
  return a.map((rowA, i) => {
    const rowB = b[i] ?? EMPTY_ROW;
    if (rowA.idx.length === 0 && rowB.idx.length === 0) return EMPTY_ROW;
    r1.fill(0);
    r2.fill(0);
    for (let k = 0; k < rowA.idx.length; k++) r1[rowA.idx[k]!] = rowA.val[k]!;
    for (let k = 0; k < rowB.idx.length; k++) r2[rowB.idx[k]!] = rowB.val[k]!;
    const idx = new Int32Array(columns);
    const val = new Float64Array(columns);
    let len = 0;
    for (let j = 0; j < columns; j++) {
      const v1 = r1[j]!;
      const v = v1 + mul(ratio, r2[j]! - v1);
      if (v > 0) {
        idx[len] = j;
        val[len++] = v;
      }
    }
    return rowOf(idx, val, len);
  });
}

/**
 * `mat_ema_sparse`: `α·new + (1−α)·old` accumulated per cell; positive cells kept in ascending column
 * order (the accumulator is as wide as the row count, as in Rust).
 */
export function matEmaSparse(next: SparseMatrix, old: SparseMatrix, alpha: number): SparseMatrix {
  const n = next.length;
  const oneMinusAlpha = ONE - alpha;
  const acc = new Float64Array(n);
  return next.map((rowN, i) => {
    const rowO = old[i] ?? EMPTY_ROW;
    if (rowN.idx.length === 0 && rowO.idx.length === 0) return EMPTY_ROW;
    acc.fill(0);
    for (let k = 0; k < rowN.idx.length; k++) {
      const j = rowN.idx[k]!;
      if (j < n) acc[j]! += mul(alpha, rowN.val[k]!);
    }
    for (let k = 0; k < rowO.idx.length; k++) {
      const j = rowO.idx[k]!;
      if (j < n) acc[j]! += mul(oneMinusAlpha, rowO.val[k]!);
    }
    const idx = new Int32Array(n);
    const val = new Float64Array(n);
    let len = 0;
    for (let j = 0; j < n; j++) {
      if (acc[j]! > 0) {
        idx[len] = j;
        val[len++] = acc[j]!;
      }
    }
    return rowOf(idx, val, len);
  });
}

/**
 * `mat_ema_alpha_sparse` with the per-cell alphas given by `alphaAt(i, j)`: only cells present in the
 * new row are emitted, `min(1, (1−α)·old + max(0, α·new))`, kept when positive. Alphas are asked for only
 * where they are used (Rust computes a dense n×n alpha matrix; the values read are the same).
 */
export function matEmaAlphaSparse(
  next: SparseMatrix,
  old: SparseMatrix,
  columns: number,
  alphaAt: (i: number, j: number, weight: number, bond: number) => number,
): SparseMatrix {
  const oldDense = new Float64Array(columns);
  return next.map((rowN, i) => {
    if (rowN.idx.length === 0) return EMPTY_ROW;
    const rowO = old[i] ?? EMPTY_ROW;
    for (let k = 0; k < rowO.idx.length; k++)
      if (rowO.idx[k]! < columns) oldDense[rowO.idx[k]!] = rowO.val[k]!;
    const idx = new Int32Array(rowN.idx.length);
    const val = new Float64Array(rowN.idx.length);
    let len = 0;
    for (let k = 0; k < rowN.idx.length; k++) {
      const j = rowN.idx[k]!;
      if (j >= columns) continue;
      const w = rowN.val[k]!;
      const b = oldDense[j]!;
      const a = alphaAt(i, j, w, b);
      const decayed = mul(ONE - a, b);
      const inc = Math.max(mul(a, w), 0);
      const v = Math.min(decayed + inc, ONE);
      if (v > 0) {
        idx[len] = j;
        val[len++] = v;
      }
    }
    for (let k = 0; k < rowO.idx.length; k++) if (rowO.idx[k]! < columns) oldDense[rowO.idx[k]!] = 0;
    return rowOf(idx, val, len);
  });
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

/** Reusable scratch buffers for the weighted median (one allocation per epoch, not per column). */
export class MedianScratch {
  a: Int32Array;
  b: Int32Array;
  c: Int32Array;
  constructor(size: number) {
    this.a = new Int32Array(size);
    this.b = new Int32Array(size);
    this.c = new Int32Array(size);
  }
}

/**
 * `weighted_median`: deterministic mid-pivot quickselect over `partition` (indices into stake/score),
 * returning the score where the stake integral crosses `minority`. Iterative form of subtensor's loop,
 * including its iteration limit.
 */
export function weightedMedian(
  stake: ArrayLike<number>,
  score: ArrayLike<number>,
  partition: Int32Array,
  partitionLen: number,
  minority: number,
  lo: number,
  hi: number,
  scratch: MedianScratch = new MedianScratch(partitionLen),
): number {
  // Ping-pong buffers: `cur` holds the current partition, `lower`/`upper` collect the split.
  let cur = scratch.a;
  let lower = scratch.b;
  let upper = scratch.c;
  cur.set(partition.subarray(0, partitionLen));
  let n = partitionLen;
  const limit = partitionLen;
  let iterations = 0;
  for (;;) {
    if (n === 0) return 0;
    if (n === 1) return score[cur[0]!]!;
    const pivot = score[cur[n >> 1]!]!;
    let loStake = 0;
    let hiStake = 0;
    let nl = 0;
    let nu = 0;
    // Branch-free partition (scores are data-dependent, branches would mispredict half the time).
    for (let k = 0; k < n; k++) {
      const idx = cur[k]!;
      const s = score[idx]!;
      const st = stake[idx]!;
      const lt = +(s < pivot);
      const gt = +(s > pivot);
      lower[nl] = idx;
      upper[nu] = idx;
      nl += lt;
      nu += gt;
      loStake += lt * st;
      hiStake += gt * st;
    }
    if (minority < lo + loStake && nl > 0) {
      hi = lo + loStake;
      const t = cur;
      cur = lower;
      lower = t;
      n = nl;
    } else if (hi - hiStake <= minority && nu > 0) {
      lo = hi - hiStake;
      const t = cur;
      cur = upper;
      upper = t;
      n = nu;
    } else {
      return pivot;
    }
    iterations++;
    if (iterations > limit) return 0;
  }
}

/**
 * `weighted_median_col_sparse`: per column, the stake-weighted median of the weights of rows with
 * positive stake (renormalised), missing entries counting as 0; `majority` is kappa.
 */
export function weightedMedianColSparse(
  stake: Float64Array,
  score: SparseMatrix,
  columns: number,
  majority: number,
): Float64Array {
  const rows: number[] = [];
  for (let i = 0; i < stake.length; i++) if (stake[i]! > 0) rows.push(i);
  const k = rows.length;
  const useStake = new Float64Array(k);
  for (let r = 0; r < k; r++) useStake[r] = stake[rows[r]!]!;
  inplaceNormalize(useStake);
  const stakeSum = sum(useStake);
  const minority = stakeSum - majority;
  // Column-major score block so each column's scores are contiguous.
  const block = new Float64Array(columns * k);
  for (let r = 0; r < k; r++) {
    const row = score[rows[r]!];
    if (!row) continue;
    for (let e = 0; e < row.idx.length; e++) {
      const c = row.idx[e]!;
      if (c < columns) block[c * k + r] = row.val[e]!;
    }
  }
  const partition = new Int32Array(k);
  for (let r = 0; r < k; r++) partition[r] = r;
  const scratch = new MedianScratch(k);
  const median = new Float64Array(columns);
  for (let c = 0; c < columns; c++) {
    const col = block.subarray(c * k, (c + 1) * k);
    median[c] = weightedMedian(useStake, col, partition, k, minority, 0, stakeSum, scratch);
  }
  return median;
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
