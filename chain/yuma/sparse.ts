/**
 * Sparse-matrix helpers of subtensor's `epoch/math.rs` (rows per uid, I32F32 raw values; see `math.ts`).
 */
import { div, divByReciprocal, mul, ONE, reciprocal } from './fixed.js';
import { sum } from './math.js';

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
