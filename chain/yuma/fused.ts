/**
 * Fused kernels for the epoch's hot path. Each one equals a composition of `math.ts` helpers (named in
 * its doc) bit for bit: the same I32F32 operations in the same order (row by row, entries in stored
 * order), only in fewer passes over the million cells of a dense 4096 × 256 epoch.
 * `test/chain/yuma/fused.test.ts` checks every kernel against its composition.
 */
import { HEAP_ALLOCATOR, type RowAllocator } from './alloc.js';
import { clamp, div, divByReciprocal, expSafe, mul, ONE, proportionToU16 } from './fixed.js';
import { EMPTY_ROW, reciprocals, type SparseMatrix, type SparseRow } from './sparse.js';

/**
 * `col_clip_sparse` + `row_sum_sparse` + `matmul_sparse`: clipped weights, validator trust (row sums of
 * the clipped weights) and ranks (`R_j = Σ_i A_i · W̄_ij`).
 */
export function clipTrustRanks(
  weights: SparseMatrix,
  consensus: Float64Array,
  activeStake: Float64Array,
  columns: number,
  alloc: RowAllocator = HEAP_ALLOCATOR,
): { clipped: SparseMatrix; trust: Float64Array; ranks: Float64Array } {
  const n = weights.length;
  const trust = new Float64Array(n);
  const ranks = new Float64Array(columns);
  const clipped: SparseMatrix = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = weights[i]!;
    const m = row.idx.length;
    if (m === 0) {
      clipped[i] = EMPTY_ROW;
      continue;
    }
    const ridx = row.idx;
    const rval = row.val;
    const { idx, val } = alloc.reserve(m);
    const s = activeStake[i]!;
    let len = 0;
    let t = 0;
    for (let k = 0; k < m; k++) {
      const j = ridx[k]!;
      const th = consensus[j]!;
      const w = rval[k]!;
      const c = Math.min(w, th);
      // Entries above a threshold ≤ 0 are dropped; written branch-free (data-dependent, mispredicts).
      const keep = +(th > 0 || w <= th);
      idx[len] = j;
      val[len] = c;
      len += keep;
      const kept = keep * c;
      t += kept;
      ranks[j]! += keep * mul(s, c);
    }
    trust[i] = t;
    alloc.commit(len);
    clipped[i] = len === 0 ? EMPTY_ROW : { idx: idx.subarray(0, len), val: val.subarray(0, len) };
  }
  return { clipped, trust, ranks };
}

/**
 * `row_hadamard_sparse` + `col_sum_sparse`: `m_ij · v_i` and the column sums of the product. With
 * `inPlace` the product overwrites `m`'s values (for callers that no longer need `m`).
 */
export function rowHadamardWithColSums(
  m: SparseMatrix,
  v: Float64Array,
  columns: number,
  inPlace = false,
): { product: SparseMatrix; colSums: Float64Array } {
  const colSums = new Float64Array(columns);
  const product = m.map((row, i): SparseRow => {
    const k0 = row.idx.length;
    if (k0 === 0) return EMPTY_ROW;
    const s = v[i] ?? 0;
    const idx = row.idx;
    const src = row.val;
    const val = inPlace ? src : new Float64Array(k0);
    for (let k = 0; k < k0; k++) {
      const p = mul(src[k]!, s);
      val[k] = p;
      colSums[idx[k]!]! += p;
    }
    return { idx, val };
  });
  return { product, colSums };
}

/** Column sums and their reciprocals, to column-normalise values on the fly. */
interface ColumnDivisor {
  sums: Float64Array;
  recips: Float64Array;
}

function columnDivisor(sums: Float64Array): ColumnDivisor {
  return { sums, recips: reciprocals(sums) };
}

/** `v` divided by its column's sum (`inplace_col_normalize_sparse` for one cell; zero sums leave it). */
function scaled(v: number, j: number, d: ColumnDivisor | undefined): number {
  if (d === undefined) return v;
  const s = d.sums[j]!;
  return s !== 0 ? divByReciprocal(v, s, d.recips[j]!) : v;
}

/**
 * `mat_ema_sparse` + `col_sum_sparse`: `α·new + (1−α)·old` accumulated per cell, positive cells kept in
 * ascending column order (accumulator as wide as the row count, as in Rust), and their column sums.
 * Given `nextColSums`/`oldColSums`, `new`/`old` are first column-normalised by them cell by cell
 * (`inplace_col_normalize_sparse` without a pass of its own); the inputs are not modified.
 */
export function matEmaSparseWithColSums(
  next: SparseMatrix,
  old: SparseMatrix,
  alpha: number,
  oneMinusAlpha: number,
  nextColSums?: Float64Array,
  oldColSums?: Float64Array,
  alloc: RowAllocator = HEAP_ALLOCATOR,
): { ema: SparseMatrix; colSums: Float64Array } {
  const nd = nextColSums ? columnDivisor(nextColSums) : undefined;
  const od = oldColSums ? columnDivisor(oldColSums) : undefined;
  const n = next.length;
  const acc = new Float64Array(n);
  const colSums = new Float64Array(n);
  const ema = next.map((rowN, i): SparseRow => {
    const rowO = old[i] ?? EMPTY_ROW;
    if (rowN.idx.length === 0 && rowO.idx.length === 0) return EMPTY_ROW;
    const merged = mergeEmaRow(rowN, rowO, alpha, oneMinusAlpha, n, colSums, nd, od, alloc);
    if (merged) return merged;
    acc.fill(0);
    // Track the touched span so the final scan stays within it.
    let lo = n;
    let hi = -1;
    const ni = rowN.idx;
    const nv = rowN.val;
    for (let k = 0; k < ni.length; k++) {
      const j = ni[k]!;
      if (j >= n) continue;
      acc[j]! += mul(alpha, scaled(nv[k]!, j, nd));
      if (j < lo) lo = j;
      if (j > hi) hi = j;
    }
    const oi = rowO.idx;
    const ov = rowO.val;
    for (let k = 0; k < oi.length; k++) {
      const j = oi[k]!;
      if (j >= n) continue;
      acc[j]! += mul(oneMinusAlpha, scaled(ov[k]!, j, od));
      if (j < lo) lo = j;
      if (j > hi) hi = j;
    }
    const width = hi - lo + 1;
    if (width <= 0) return EMPTY_ROW;
    const { idx, val } = alloc.reserve(width);
    let len = 0;
    for (let j = lo; j <= hi; j++) {
      const a = acc[j]!;
      idx[len] = j;
      val[len] = a;
      const keep = +(a > 0);
      len += keep;
      colSums[j]! += keep * a;
    }
    alloc.commit(len);
    return len === 0 ? EMPTY_ROW : { idx: idx.subarray(0, len), val: val.subarray(0, len) };
  });
  return { ema, colSums };
}

/**
 * `mat_ema_sparse` for one row when both rows are strictly ascending (as the chain writes them): a merge
 * of the two rows gives the accumulator's positive cells in the same order with the same sums. Returns
 * undefined for rows that are not ascending, which then take the dense-accumulator path.
 */
function mergeEmaRow(
  rowN: SparseRow,
  rowO: SparseRow,
  alpha: number,
  oneMinusAlpha: number,
  n: number,
  colSums: Float64Array,
  nd: ColumnDivisor | undefined,
  od: ColumnDivisor | undefined,
  alloc: RowAllocator,
): SparseRow | undefined {
  const ni = rowN.idx;
  const nv = rowN.val;
  const oi = rowO.idx;
  const ov = rowO.val;
  const a = ni.length;
  const b = oi.length;
  for (let k = 1; k < a; k++) if (ni[k - 1]! >= ni[k]!) return undefined;
  for (let k = 1; k < b; k++) if (oi[k - 1]! >= oi[k]!) return undefined;
  // Bonds usually cover the same columns as the new weights: then the union is one row long.
  let same = a === b;
  for (let k = 0; k < a && same; k++) same = ni[k] === oi[k];
  const capacity = same ? a : a + b;
  const { idx, val } = alloc.reserve(capacity);
  let len = 0;
  if (same) {
    // Same columns in both rows: no merge bookkeeping.
    for (let k = 0; k < a; k++) {
      const j = ni[k]!;
      if (j >= n) break;
      const v = mul(alpha, scaled(nv[k]!, j, nd)) + mul(oneMinusAlpha, scaled(ov[k]!, j, od));
      idx[len] = j;
      val[len] = v;
      const keep = +(v > 0);
      len += keep;
      colSums[j]! += keep * v;
    }
    alloc.commit(len);
    return len === 0 ? EMPTY_ROW : { idx: idx.subarray(0, len), val: val.subarray(0, len) };
  }
  let p = 0;
  let q = 0;
  while (p < a || q < b) {
    const jn = p < a ? ni[p]! : n;
    const jo = q < b ? oi[q]! : n;
    let j: number;
    let v = 0;
    if (jn <= jo) {
      j = jn;
      v += mul(alpha, scaled(nv[p++]!, j, nd));
      if (jo === jn) v += mul(oneMinusAlpha, scaled(ov[q++]!, j, od));
    } else {
      j = jo;
      v += mul(oneMinusAlpha, scaled(ov[q++]!, j, od));
    }
    if (j >= n) break; // columns beyond the accumulator are ignored, as in Rust
    idx[len] = j;
    val[len] = v;
    const keep = +(v > 0);
    len += keep;
    colSums[j]! += keep * v;
  }
  alloc.commit(len);
  return len === 0 ? EMPTY_ROW : { idx: idx.subarray(0, len), val: val.subarray(0, len) };
}

/**
 * Liquid alpha (Yuma3): `mat_ema_alpha_sparse` with `alpha_sigmoid` per cell + `col_sum_sparse`. Only the
 * cells of the new row are emitted: `min(1, (1−α)·old + max(0, α·new))`, kept when positive.
 * Parameters are raw I32F32; `steepness` is the i16 hyperparameter as a fixed value.
 */
export function matEmaLiquidWithColSums(
  next: SparseMatrix,
  old: SparseMatrix,
  consensus: Float64Array,
  alphaLow: number,
  alphaHigh: number,
  steepness: number,
  alloc: RowAllocator = HEAP_ALLOCATOR,
): { ema: SparseMatrix; colSums: Float64Array } {
  const columns = consensus.length;
  const colSums = new Float64Array(columns);
  const oldDense = new Float64Array(columns);
  const slope = div(steepness, -100 * ONE); // steepness / −100, once instead of per cell
  const span = alphaHigh - alphaLow;
  const half = ONE / 2;
  const ema = next.map((rowN, i): SparseRow => {
    const m = rowN.idx.length;
    if (m === 0) return EMPTY_ROW;
    const rowO = old[i] ?? EMPTY_ROW;
    const oi = rowO.idx;
    for (let k = 0; k < oi.length; k++) if (oi[k]! < columns) oldDense[oi[k]!] = rowO.val[k]!;
    const { idx, val } = alloc.reserve(m);
    let len = 0;
    for (let k = 0; k < m; k++) {
      const j = rowN.idx[k]!;
      if (j >= columns) continue;
      const w = rowN.val[k]!;
      const b = oldDense[j]!;
      // alpha_sigmoid
      const diffBuy = clamp(w - consensus[j]!, 0, ONE);
      const diffSell = clamp(b - w, 0, ONE);
      const combined = w >= b ? diffBuy : diffSell;
      const sigmoid = div(ONE, ONE + expSafe(mul(slope, combined - half)));
      const a = clamp(alphaLow + mul(sigmoid, span), alphaLow, alphaHigh);
      // mat_ema_alpha_sparse cell
      const v = Math.min(mul(ONE - a, b) + Math.max(mul(a, w), 0), ONE);
      if (v > 0) {
        idx[len] = j;
        val[len++] = v;
        colSums[j]! += v;
      }
    }
    for (let k = 0; k < oi.length; k++) if (oi[k]! < columns) oldDense[oi[k]!] = 0;
    alloc.commit(len);
    return len === 0 ? EMPTY_ROW : { idx: idx.subarray(0, len), val: val.subarray(0, len) };
  });
  return { ema, colSums };
}

/**
 * Original Yuma after the EMA: `inplace_col_normalize_sparse` (with the given column sums) +
 * `matmul_transpose_sparse(ema, incentive)` (dividends before normalising) + the column maxima that
 * `inplace_col_max_upscale_sparse` needs. Normalises `ema` in place.
 */
export function normalizeEmaDividends(
  ema: SparseMatrix,
  colSums: Float64Array,
  incentive: Float64Array,
): { dividends: Float64Array; colMax: Float64Array } {
  const dividends = new Float64Array(ema.length);
  const colMax = new Float64Array(colSums.length);
  const recips = reciprocals(colSums);
  for (let i = 0; i < ema.length; i++) {
    const row = ema[i]!;
    const idx = row.idx;
    const val = row.val;
    let d = 0;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k]!;
      const s = colSums[j]!;
      const b = s !== 0 ? divByReciprocal(val[k]!, s, recips[j]!) : val[k]!;
      val[k] = b;
      d += mul(incentive[j]!, b);
      if (colMax[j]! < b) colMax[j] = b;
    }
    dividends[i] = d;
  }
  return { dividends, colMax };
}

/**
 * Yuma3 dividends before stake: `row_sum_sparse(mat_vec_mul_sparse(col_normalize(ema), incentive))`,
 * without touching `ema` (it is stored unnormalised).
 */
export function bondsIncentivePerValidator(
  ema: SparseMatrix,
  colSums: Float64Array,
  incentive: Float64Array,
): Float64Array {
  const out = new Float64Array(ema.length);
  const recips = reciprocals(colSums);
  for (let i = 0; i < ema.length; i++) {
    const row = ema[i]!;
    const idx = row.idx;
    const val = row.val;
    let t = 0;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k]!;
      const s = colSums[j]!;
      const b = s !== 0 ? divByReciprocal(val[k]!, s, recips[j]!) : val[k]!;
      t += mul(b, incentive[j]!);
    }
    out[i] = t;
  }
  return out;
}

/**
 * Rows to store as `Bonds`: `fixed_proportion_to_u16` of each entry, after dividing by the column
 * maximum when `colMax` is given (`inplace_col_max_upscale_sparse`); rows without `keep` are empty.
 */
export function storedBondRows(
  bonds: SparseMatrix,
  keep: readonly boolean[],
  colMax?: Float64Array,
): Array<{ uids: Uint16Array; values: Uint16Array }> {
  const recips = colMax ? reciprocals(colMax) : undefined;
  return bonds.map((row, i) => {
    const m = keep[i] ? row.idx.length : 0;
    const uids = new Uint16Array(m);
    const values = new Uint16Array(m);
    for (let k = 0; k < m; k++) {
      const j = row.idx[k]!;
      let b = row.val[k]!;
      if (colMax) {
        const c = colMax[j]!;
        if (c !== 0) b = divByReciprocal(b, c, recips![j]!);
      }
      uids[k] = j;
      values[k] = proportionToU16(b);
    }
    return { uids, values };
  });
}
