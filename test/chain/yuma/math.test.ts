/**
 * subtensor's math helpers against `../shared/yuma/vectors.json` (inputs/outputs of `epoch/math.rs` tests).
 * Skipped, with a message, when `../shared` is not beside the checkout.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromFloat, fromInt, ONE, proportionToU16, toFloat, toU16 } from '../../../chain/yuma/fixed.js';
import {
  checkVecMaxLimited,
  inplaceNormalize,
  isTopk,
  isTopkNonzero,
  matEmaAlpha,
  sum,
  vecMaxUpscaleToU16,
  vecU16MaxUpscaleToU16,
} from '../../../chain/yuma/math.js';
import { weightedMedian, weightedMedianColSparse } from '../../../chain/yuma/median.js';
import {
  colClipSparse,
  EMPTY_ROW,
  matEmaAlphaSparse,
  type SparseMatrix,
} from '../../../chain/yuma/sparse.js';
import { haveReference, referencePath } from '../../helpers/reference.js';

const VECTORS = referencePath('yuma/vectors.json');
const HAVE_VECTORS = haveReference(VECTORS, 'yuma math vectors');

// biome-ignore lint/suspicious/noExplicitAny: JSON test vectors of several shapes.
type Vector = { name: string; inputs: any; expected: any };
const vectors: Vector[] = HAVE_VECTORS ? JSON.parse(readFileSync(VECTORS, 'utf8')) : [];
const vector = (name: string): Vector => {
  const v = vectors.find((x) => x.name === name);
  if (!v) throw new Error(`vector ${name} missing from vectors.json`);
  return v;
};

/** Test inputs are f32 literals converted with `I32F32::from_num`. */
const f32 = (x: number) => fromFloat(Math.fround(x));

/** `assert_*_compare` of the Rust tests: |got − f32(target)| ≤ f32(epsilon), in I32F32. */
function expectClose(got: number, target: number, epsilon: number, label: string): void {
  expect(Math.abs(got - f32(target)), label).toBeLessThanOrEqual(f32(epsilon));
}

/** Dense rows → sparse rows, zero cells omitted (missing entries count as 0 in subtensor). */
function sparse(rows: number[][], convert: (x: number) => number): SparseMatrix {
  return rows.map((r) => {
    const cols = r.flatMap((v, j) => (v !== 0 ? [j] : []));
    if (cols.length === 0) return EMPTY_ROW;
    return { idx: Int32Array.from(cols), val: Float64Array.from(cols, (j) => convert(r[j]!)) };
  });
}

function dense(m: SparseMatrix, columns: number): number[][] {
  return m.map((row) => {
    const out = new Array<number>(columns).fill(0);
    for (let k = 0; k < row.idx.length; k++) out[row.idx[k]!] = row.val[k]!;
    return out;
  });
}

describe.skipIf(!HAVE_VECTORS)('yuma math helpers vs ../shared/yuma/vectors.json', () => {
  it('weighted_median (explicit cases)', () => {
    const v = vector('weighted_median_explicit');
    const minority = ONE - f32(v.inputs.majority);
    v.inputs.cases.forEach(
      (c: { stake?: number[]; stake_normalized_from?: number[]; score: number[] }, k: number) => {
        const stake = Float64Array.from(c.stake ?? c.stake_normalized_from ?? [], f32);
        if (c.stake_normalized_from) inplaceNormalize(stake);
        const score = Float64Array.from(c.score, f32);
        const partition = Int32Array.from(score, (_, i) => i);
        const median = weightedMedian(stake, score, partition, partition.length, minority, 0, sum(stake));
        expect(median, `case ${k}`).toBe(f32(v.expected.medians_exact[k]));
      },
    );
  });

  it('weighted_median_col_sparse', () => {
    const v = vector('weighted_median_col');
    v.inputs.cases.forEach((c: { stake: number[]; W_rows: number[][]; majority: number }, k: number) => {
      const columns = c.W_rows[0]!.length;
      const medians = weightedMedianColSparse(
        Float64Array.from(c.stake, f32),
        sparse(c.W_rows, f32),
        columns,
        f32(c.majority),
      );
      expect(Array.from(medians), `case ${k}`).toEqual(v.expected.medians_exact[k].map(f32));
    });
  });

  it('vec_max_upscale_to_u16', () => {
    const v = vector('vec_max_upscale_to_u16');
    v.inputs.cases.forEach((c: Array<number | string>, k: number) => {
      // I32F32::MAX (2^63 − 1 raw) is the one input a double cannot hold; 2^63 rounds the same way here.
      const raw = c.map((x) => (x === 'I32F32::MAX' ? 2 ** 63 : f32(x as number)));
      expect(vecMaxUpscaleToU16(raw), `case ${k}`).toEqual(v.expected.outputs[k]);
    });
  });

  it('vec_u16_max_upscale_to_u16 (what set_weights stores)', () => {
    const v = vector('vec_u16_max_upscale_to_u16');
    v.inputs.cases.forEach((c: number[], k: number) => {
      expect(vecU16MaxUpscaleToU16(c), `case ${k}`).toEqual(v.expected.outputs[k]);
    });
  });

  it('check_vec_max_limited', () => {
    const v = vector('check_vec_max_limited');
    v.inputs.cases.forEach(([vec, limit]: [number[], number], k: number) => {
      expect(checkVecMaxLimited(vec, limit), `case ${k}`).toBe(v.expected.outputs[k]);
    });
  });

  it('normalize (sum to 1, negatives allowed)', () => {
    const v = vector('normalize');
    v.inputs.cases.forEach((c: number[], k: number) => {
      const x = Float64Array.from(c, f32);
      inplaceNormalize(x);
      x.forEach((got, i) => {
        expectClose(got, v.expected['outputs_epsilon_1e-4'][k][i], 1e-4, `case ${k}[${i}]`);
      });
    });
  });

  it('is_topk', () => {
    const v = vector('is_topk');
    v.inputs.cases.forEach(([vec, k]: [number[], number], c: number) => {
      expect(isTopk(vec.map(f32), k), `case ${c}`).toEqual(v.expected.outputs[c]);
    });
    // Permits use the nonzero variant: a zero stake never gets one, even with room to spare.
    expect(isTopkNonzero([0, 3, 1, 0].map(fromInt), 10)).toEqual([false, true, true, false]);
  });

  it('col_clip_sparse', () => {
    const v = vector('col_clip_sparse');
    const consensus = Float64Array.from(v.inputs.consensus, fromInt);
    v.inputs.W_rows_dense_cases.forEach((rows: number[][], k: number) => {
      const clipped = colClipSparse(sparse(rows, fromInt), consensus);
      expect(dense(clipped, 3), `case ${k}`).toEqual(
        v.expected.outputs_dense[k].map((r: number[]) => r.map(fromInt)),
      );
    });
  });

  it('mat_ema_alpha (dense, per-cell alpha, capped at 1)', () => {
    const v = vector('mat_ema_alpha_dense');
    const { rows, cols } = v.inputs;
    v.inputs.cases.forEach((c: { old: number[]; new: number[]; alpha: number }, k: number) => {
      const shape = (flat: number[]) =>
        Array.from({ length: rows }, (_, i) => Float64Array.from(flat.slice(i * cols, (i + 1) * cols), f32));
      const alpha = Array.from({ length: rows }, () => new Float64Array(cols).fill(f32(c.alpha)));
      const out = matEmaAlpha(shape(c.new), shape(c.old), alpha).flatMap((r) => Array.from(r));
      out.forEach((got, i) => {
        expectClose(got, v.expected['outputs_row_major_epsilon_1e-4'][k][i], 1e-4, `case ${k}[${i}]`);
      });
    });
  });

  it('mat_ema_alpha_sparse (only cells of the new matrix survive)', () => {
    const v = vector('mat_ema_alpha_sparse');
    const { rows, cols } = v.inputs;
    const alpha = f32(v.inputs.alpha);
    v.inputs.cases.forEach((c: { old: number[]; new: number[]; epsilon?: number }, k: number) => {
      const shape = (flat: number[]) =>
        sparse(
          Array.from({ length: rows }, (_, i) => flat.slice(i * cols, (i + 1) * cols)),
          f32,
        );
      const out = matEmaAlphaSparse(shape(c.new), shape(c.old), cols, () => alpha);
      const eps = c.epsilon ?? 1e-4;
      dense(out, cols)
        .flat()
        .forEach((got, i) => {
          expectClose(got, v.expected['outputs_row_major_epsilon_1e-4'][k][i], eps, `case ${k}[${i}]`);
        });
    });
  });

  it('u16 / fixed conversions', () => {
    const v = vector('u16_fixed_conversions');
    expect(v.inputs.fixed_to_u16.map((x: number) => toU16(fromInt(x)))).toEqual(v.expected.fixed_to_u16);
    expect(v.inputs.u16_to_fixed.map((x: number) => toFloat(fromInt(x)))).toEqual(v.expected.u16_to_fixed);
    expect(v.inputs.fixed_proportion_to_u16_input.map((x: number) => proportionToU16(fromInt(x)))).toEqual(
      v.expected.fixed_proportion_to_u16,
    );
  });
});
