import { inplaceNormalize, sum } from './math.js';
import type { SparseMatrix } from './sparse.js';

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
