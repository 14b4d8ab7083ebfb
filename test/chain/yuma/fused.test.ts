/** Each fused kernel must equal, bit for bit, the composition of math.rs helpers it replaces. */
import { describe, expect, it } from 'vitest';
import { expSafe, ONE, proportionToU16 } from '../../../chain/yuma/fixed.js';
import {
  bondsIncentivePerValidator,
  clipTrustRanks,
  matEmaLiquidWithColSums,
  matEmaSparseWithColSums,
  normalizeEmaDividends,
  rowHadamardWithColSums,
  storedBondRows,
} from '../../../chain/yuma/fused.js';
import { alphaSigmoid } from '../../../chain/yuma/math.js';
import {
  colClipSparse,
  colSumSparse,
  EMPTY_ROW,
  inplaceColMaxUpscaleSparse,
  inplaceColNormalizeSparse,
  matEmaAlphaSparse,
  matEmaSparse,
  matmulSparse,
  matmulTransposeSparse,
  matVecMulSparse,
  rowHadamardSparse,
  rowSumSparse,
  type SparseMatrix,
} from '../../../chain/yuma/sparse.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** n × n sparse matrix of proportions: some rows empty, cells present with probability `density`. */
function randomMatrix(rand: () => number, n: number, density: number, shuffled = false): SparseMatrix {
  return Array.from({ length: n }, () => {
    if (rand() < 0.3) return EMPTY_ROW;
    const cols: number[] = [];
    for (let j = 0; j < n; j++) if (rand() < density) cols.push(j);
    if (shuffled) cols.reverse();
    return {
      idx: Int32Array.from(cols),
      val: Float64Array.from(cols, () => (rand() < 0.1 ? 0 : Math.floor(rand() * ONE))),
    };
  });
}

function randomVector(rand: () => number, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => (rand() < 0.2 ? 0 : Math.floor(rand() * ONE)));
}

const copy = (m: SparseMatrix): SparseMatrix =>
  m.map((r) => ({ idx: Int32Array.from(r.idx), val: Float64Array.from(r.val) }));
const plain = (m: SparseMatrix) => m.map((r) => [Array.from(r.idx), Array.from(r.val)]);

describe('fused epoch kernels', () => {
  const n = 40;
  for (const seed of [1, 2, 3]) {
    const rand = rng(seed);
    const w = randomMatrix(rand, n, 0.5);
    const old = randomMatrix(rand, n, 0.4);
    const v = randomVector(rand, n);
    const consensus = randomVector(rand, n);
    const alpha = Math.floor(0.1 * ONE);

    it(`clipTrustRanks = col_clip + row_sum + matmul (seed ${seed})`, () => {
      const fused = clipTrustRanks(w, consensus, v, n);
      const clipped = colClipSparse(w, consensus);
      expect(plain(fused.clipped)).toEqual(plain(clipped));
      expect(fused.trust).toEqual(rowSumSparse(clipped));
      expect(fused.ranks).toEqual(matmulSparse(clipped, v, n));
    });

    it(`rowHadamardWithColSums = row_hadamard + col_sum (seed ${seed})`, () => {
      const { product, colSums } = rowHadamardWithColSums(w, v, n);
      const reference = rowHadamardSparse(w, v);
      expect(plain(product)).toEqual(plain(reference));
      expect(colSums).toEqual(colSumSparse(reference, n));
    });

    it(`matEmaSparseWithColSums normalising on the fly = col_normalize both + mat_ema_sparse (seed ${seed})`, () => {
      for (const next of [w, w.map((r) => ({ idx: r.idx, val: r.val.map((x) => x >> 1) }))]) {
        const { ema, colSums } = matEmaSparseWithColSums(
          next,
          old,
          alpha,
          ONE - alpha,
          colSumSparse(next, n),
          colSumSparse(old, n),
        );
        const nextNorm = copy(next);
        const oldNorm = copy(old);
        inplaceColNormalizeSparse(nextNorm, n);
        inplaceColNormalizeSparse(oldNorm, n);
        const reference = matEmaSparse(nextNorm, oldNorm, alpha);
        expect(plain(ema)).toEqual(plain(reference));
        expect(colSums).toEqual(colSumSparse(reference, n));
      }
      // Same-columns rows take their own path.
      const sameColumns = w.map((r) => ({ idx: r.idx, val: r.val.map((x) => Math.floor(x / 3)) }));
      const fused = matEmaSparseWithColSums(
        w,
        sameColumns,
        alpha,
        ONE - alpha,
        colSumSparse(w, n),
        colSumSparse(sameColumns, n),
      );
      const wNorm = copy(w);
      const sNorm = copy(sameColumns);
      inplaceColNormalizeSparse(wNorm, n);
      inplaceColNormalizeSparse(sNorm, n);
      expect(plain(fused.ema)).toEqual(plain(matEmaSparse(wNorm, sNorm, alpha)));
    });

    it(`matEmaSparseWithColSums on rows with the same columns (seed ${seed})`, () => {
      const sameColumns = w.map((r) => ({ idx: r.idx, val: r.val.map((x) => Math.floor(x / 3)) }));
      const { ema, colSums } = matEmaSparseWithColSums(w, sameColumns, alpha, ONE - alpha);
      const reference = matEmaSparse(w, sameColumns, alpha);
      expect(plain(ema)).toEqual(plain(reference));
      expect(colSums).toEqual(colSumSparse(reference, n));
    });

    for (const shuffled of [false, true]) {
      it(`matEmaSparseWithColSums = mat_ema_sparse + col_sum (seed ${seed}, ${shuffled ? 'unsorted' : 'ascending'} rows)`, () => {
        const next = shuffled ? randomMatrix(rng(seed + 10), n, 0.5, true) : w;
        const { ema, colSums } = matEmaSparseWithColSums(next, old, alpha, ONE - alpha);
        const reference = matEmaSparse(next, old, alpha);
        expect(plain(ema)).toEqual(plain(reference));
        expect(colSums).toEqual(colSumSparse(reference, n));
      });
    }

    it(`normalizeEmaDividends + storedBondRows = col_normalize + matmul_transpose + col_max_upscale (seed ${seed})`, () => {
      const { ema, colSums } = matEmaSparseWithColSums(w, old, alpha, ONE - alpha);
      const reference = copy(ema);
      const { dividends, colMax } = normalizeEmaDividends(ema, colSums, v);
      inplaceColNormalizeSparse(reference, n);
      expect(plain(ema)).toEqual(plain(reference));
      expect(dividends).toEqual(matmulTransposeSparse(reference, v));
      const keep = Array.from({ length: n }, (_, i) => i % 3 !== 0);
      const stored = storedBondRows(ema, keep, colMax);
      inplaceColMaxUpscaleSparse(reference, n);
      stored.forEach((row, i) => {
        const expected = keep[i] ? Array.from(reference[i]!.val, proportionToU16) : [];
        expect(Array.from(row.values)).toEqual(expected);
        expect(Array.from(row.uids)).toEqual(keep[i] ? Array.from(reference[i]!.idx) : []);
      });
    });

    it(`matEmaLiquidWithColSums = mat_ema_alpha_sparse(alpha_sigmoid) + col_sum (seed ${seed})`, () => {
      const low = Math.floor(0.1 * ONE);
      const high = Math.floor(0.3 * ONE);
      const steepness = 1000 * ONE;
      const { ema, colSums } = matEmaLiquidWithColSums(w, old, consensus, low, high, steepness);
      const reference = matEmaAlphaSparse(w, old, n, (_i, j, wij, bij) =>
        alphaSigmoid(consensus[j]!, wij, bij, low, high, steepness, expSafe),
      );
      expect(plain(ema)).toEqual(plain(reference));
      expect(colSums).toEqual(colSumSparse(reference, n));
    });

    it(`bondsIncentivePerValidator = row_sum(mat_vec_mul(col_normalize(B), I)) (seed ${seed})`, () => {
      const colSums = colSumSparse(old, n);
      const normalised = copy(old);
      inplaceColNormalizeSparse(normalised, n);
      expect(bondsIncentivePerValidator(old, colSums, v)).toEqual(
        rowSumSparse(matVecMulSparse(normalised, v)),
      );
    });
  }
});
