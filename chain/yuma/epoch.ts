/**
 * One Yuma Consensus epoch: a port of subtensor's sparse `epoch_mechanism` (pallets/subtensor/src/epoch/
 * run_epoch.rs) in its I32F32 arithmetic. Steps and names follow the Rust code; `docs/yuma.md` lists them
 * with the number types. Pure: no storage, no clock; the chain pallet and `expertnet yuma simulate` both
 * call `runEpoch`.
 */
import { EpochArena, HEAP_ALLOCATOR, type RowAllocator } from './alloc.js';
import { YumaError } from './errors.js';
import { div, divByReciprocal, mul, ONE, proportionToU16, reciprocal } from './fixed.js';
import {
  bondsIncentivePerValidator,
  clipTrustRanks,
  matEmaLiquidWithColSums,
  matEmaSparseWithColSums,
  normalizeEmaDividends,
  rowHadamardWithColSums,
  storedBondRows,
} from './fused.js';
import {
  inplaceNormalize,
  inplaceNormalizeUsingSum,
  isTopkNonzero,
  normalizeStake64,
  sum,
  vecMaxUpscaleToU16,
} from './math.js';
import { weightedMedianColSparse } from './median.js';
import {
  colSumSparse,
  EMPTY_ROW,
  filterSparse,
  inplaceRowNormalizeSparse,
  interpolateSparse,
  matmulSparse,
  type SparseMatrix,
  type SparseRow,
} from './sparse.js';
import type { EpochInput, EpochOutput, U16PairRow, U16Row } from './types.js';

/** `u16 / 65535` as I32F32 (`get_float_kappa`, `get_float_bonds_penalty`, `get_alpha_values_32`). */
function u16Ratio(x: number): number {
  return div(x * ONE, 65535 * ONE);
}

/** EMA alpha without liquid alpha: `1 − I32F32(I64F64(bma) / 1e6)` = `2^32 − floor(bma·2^32/1e6)` raw. */
export function bondsEmaAlpha(bondsMovingAverage: number | bigint): number {
  const scaled = (BigInt(bondsMovingAverage) << 32n) / 1_000_000n;
  return ONE - Number(scaled);
}

function fail(field: string, reason: string): never {
  throw new YumaError({ code: 'BAD_EPOCH_INPUT', field, reason }, `bad epoch input: ${field}: ${reason}`);
}

function validate(input: EpochInput): void {
  const n = input.stake.length;
  const perUid: Array<[string, { length: number }]> = [
    ['lastUpdate', input.lastUpdate],
    ['blockAtRegistration', input.blockAtRegistration],
    ['validatorPermit', input.validatorPermit],
    ['weights', input.weights],
    ['bonds', input.bonds],
  ];
  for (const [field, arr] of perUid) {
    if (arr.length !== n) fail(field, `length ${arr.length}, expected n = ${n} (stake length)`);
  }
  if (n > 65536) fail('stake', `n = ${n} exceeds the u16 uid space`);
  for (let i = 0; i < n; i++) if (input.stake[i]! < 0n) fail(`stake[${i}]`, 'negative');
  if (input.raoEmission < 0n) fail('raoEmission', 'negative');
  const hp = input.hyperparams;
  for (const key of ['kappa', 'bondsPenalty', 'maxAllowedValidators', 'alphaLow', 'alphaHigh'] as const) {
    const v = hp[key];
    if (!Number.isInteger(v) || v < 0 || v > 65535) fail(`hyperparams.${key}`, `${v} is not a u16`);
  }
  if (!Number.isInteger(hp.alphaSigmoidSteepness) || Math.abs(hp.alphaSigmoidSteepness) > 32768) {
    fail('hyperparams.alphaSigmoidSteepness', `${hp.alphaSigmoidSteepness} is not an i16`);
  }
  if (BigInt(hp.bondsMovingAverage) < 0n) fail('hyperparams.bondsMovingAverage', 'negative');
  if (!Number.isSafeInteger(hp.activityCutoff) || hp.activityCutoff < 0) {
    fail('hyperparams.activityCutoff', `${hp.activityCutoff} is not a block count`);
  }
}

interface LoadOptions {
  /** Divide each value by this raw I32F32 (Yuma3 bonds: `fixed_to_fixed_u16_proportion`). */
  scale?: number;
  /** Rows to leave empty without reading them (`mask_rows_sparse`, e.g. no validator permit). */
  skipRow?: readonly boolean[];
  /** Drop the diagonal (`mask_diag_sparse[_except_index]`); the uid given keeps its self-weight (−1: none). */
  dropDiagonalExcept?: number;
  alloc?: RowAllocator;
}

/**
 * Stored `(uid, u16)` rows → raw I32F32 rows (`u16_to_fixed`: the raw integer value), columns ≥ n
 * dropped; optionally skipping rows and dropping the diagonal in the same pass.
 */
function loadRows(
  rows: readonly (U16Row | U16PairRow | undefined)[],
  n: number,
  field: string,
  { scale, skipRow, dropDiagonalExcept, alloc = HEAP_ALLOCATOR }: LoadOptions = {},
): SparseMatrix {
  const out: SparseMatrix = new Array(n);
  const dropDiagonal = dropDiagonalExcept !== undefined;
  const scaleRecip = scale === undefined ? 0 : reciprocal(scale);
  for (let i = 0; i < n; i++) {
    if (skipRow?.[i]) {
      out[i] = EMPTY_ROW;
      continue;
    }
    const row = rows[i];
    // The column that must not survive in this row (n: none).
    const diagonal = dropDiagonal && i !== dropDiagonalExcept ? i : n;
    const pairs = Array.isArray(row) ? (row as U16PairRow) : undefined;
    const columnar = pairs === undefined ? (row as U16Row | undefined) : undefined;
    const m = pairs ? pairs.length : columnar ? columnar.uids.length : 0;
    if (columnar && columnar.values.length !== m) fail(`${field}[${i}]`, 'uids and values differ in length');
    if (m === 0) {
      out[i] = EMPTY_ROW;
      continue;
    }
    const { idx, val } = alloc.reserve(m);
    if (columnar && columnar.uids instanceof Uint16Array && columnar.values instanceof Uint16Array) {
      // Typed u16 input needs no value checks; only columns ≥ n are dropped.
      const uids = columnar.uids;
      const values = columnar.values;
      let len = 0;
      for (let k = 0; k < m; k++) {
        const j = uids[k]!;
        idx[len] = j;
        val[len] =
          scale === undefined ? values[k]! * ONE : divByReciprocal(values[k]! * ONE, scale, scaleRecip);
        len += +(j < n && j !== diagonal);
      }
      alloc.commit(len);
      out[i] = len === 0 ? EMPTY_ROW : { idx: idx.subarray(0, len), val: val.subarray(0, len) };
      continue;
    }
    let len = 0;
    for (let k = 0; k < m; k++) {
      const j = pairs ? pairs[k]![0] : columnar!.uids[k]!;
      const v = pairs ? pairs[k]![1] : columnar!.values[k]!;
      if (!(v >= 0 && v <= 65535 && Number.isInteger(v))) fail(`${field}[${i}]`, `value ${v} is not a u16`);
      if (!(j >= 0 && Number.isInteger(j))) fail(`${field}[${i}]`, `uid ${j} is not a uid`);
      if (j >= n || j === diagonal) continue;
      idx[len] = j;
      // Bonds under Yuma3 are read as proportions (`fixed_to_fixed_u16_proportion`).
      val[len++] = scale === undefined ? v * ONE : div(v * ONE, scale);
    }
    alloc.commit(len);
    out[i] =
      len === 0 ? EMPTY_ROW : ({ idx: idx.subarray(0, len), val: val.subarray(0, len) } satisfies SparseRow);
  }
  return out;
}

/**
 * Drops weights set no later than the target's registration
 * (`vec_mask_sparse_matrix(last_update, block_at_registration, ≤)`); rows newer than every registration
 * are returned as they are.
 */
function maskOutdatedWeights(
  weights: SparseMatrix,
  lastUpdate: readonly number[],
  blockAtRegistration: readonly number[],
): SparseMatrix {
  let newestRegistration = 0;
  for (const b of blockAtRegistration) if (b > newestRegistration) newestRegistration = b;
  return weights.map((row, i) => {
    const updated = lastUpdate[i]!;
    if (row.idx.length === 0 || updated > newestRegistration) return row;
    return filterSparse([row], (_r, j) => !(updated <= blockAtRegistration[j]!))[0]!;
  });
}

/** Drops bonds to uids registered at or after `lastTempoBlock` (`scalar_vec_mask_sparse_matrix`). */
function maskRecentlyRegistered(
  bonds: SparseMatrix,
  lastTempoBlock: number,
  blockAtRegistration: readonly number[],
): SparseMatrix {
  let newestRegistration = 0;
  for (const b of blockAtRegistration) if (b > newestRegistration) newestRegistration = b;
  if (lastTempoBlock > newestRegistration) return bonds;
  return filterSparse(bonds, (_i, j) => !(lastTempoBlock <= blockAtRegistration[j]!));
}

/** `vecdiv`: `x_i / y_i`, 0 where `y_i` is 0. */
function vecDiv(x: Float64Array, y: Float64Array): Float64Array {
  return x.map((xi, i) => div(xi, y[i]!));
}

/** `I96F32(x) · I96F32(E)` then `to_num::<u64>()`: `floor(x_raw · E / 2^32)`. */
function toRao(raw: number, emission: bigint): bigint {
  if (raw <= 0) return 0n;
  return (BigInt(raw) * emission) >> 32n;
}

/** Intermediate rows of the running epoch; reused by the next one (see `alloc.ts`). */
const arena = new EpochArena();

/**
 * Runs one epoch over `input` and returns what the chain stores afterwards.
 * @throws {YumaError} `BAD_EPOCH_INPUT` when per-uid arrays disagree in length or hold impossible values.
 * @example
 * const out = runEpoch({ currentBlock: 10, lastTempoBlock: 1, stake: [1n, 1n], ... });
 * out.incentive; // u16 per uid
 */
export function runEpoch(input: EpochInput): EpochOutput {
  validate(input);
  arena.reset();
  const n = input.stake.length;
  const hp = input.hyperparams;
  const owner = input.ownerUid !== undefined && input.ownerUid < n ? input.ownerUid : -1;

  // == Active & updated ==
  const active: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) active[i] = !(input.lastUpdate[i]! + hp.activityCutoff < input.currentBlock);
  const blockAtRegistration = input.blockAtRegistration;

  // == Stake == (I64F64 normalisation, then I32F32)
  const threshold = input.stakeThreshold ?? 0n;
  const filtered = input.stake.map((s, i) => (i !== owner && s < threshold ? 0n : s));
  const stake = normalizeStake64(filtered);

  // == Validator permits == (previous permits mask this epoch; new ones are for the next)
  const permitOld = input.validatorPermit.slice();
  if (owner >= 0) permitOld[owner] = true;
  const permitNew = isTopkNonzero(stake, hp.maxAllowedValidators);
  if (owner >= 0) permitNew[owner] = true;

  // == Active stake ==
  const activeStake = Float64Array.from(stake);
  for (let i = 0; i < n; i++) if (!active[i] || !permitOld[i]) activeStake[i] = 0;
  inplaceNormalize(activeStake);

  // == Weights ==
  // Rows without a permit and the diagonal (except the owner's self-weight) are dropped while loading.
  let weights = loadRows(input.weights, n, 'weights', {
    skipRow: permitOld.map((p) => !p),
    dropDiagonalExcept: owner,
    alloc: arena,
  });
  weights = maskOutdatedWeights(weights, input.lastUpdate, blockAtRegistration);
  inplaceRowNormalizeSparse(weights);

  // == Consensus, validator trust, ranks, incentive ==
  const kappa = u16Ratio(hp.kappa);
  const consensus = weightedMedianColSparse(activeStake, weights, n, kappa);
  const {
    clipped,
    trust: validatorTrust,
    ranks: incentive,
  } = clipTrustRanks(weights, consensus, activeStake, n, arena);
  // Legacy `Trust` = ranks / preranks, both before normalising (weights are still unclipped here).
  const legacyTrust = input.legacyScores
    ? vecDiv(incentive, matmulSparse(weights, activeStake, n))
    : undefined;
  inplaceNormalize(incentive);

  // == Bonds and dividends ==
  const bondsPenalty = u16Ratio(hp.bondsPenalty);
  const weightsForBonds = interpolateSparse(weights, clipped, n, bondsPenalty);
  const alpha = bondsEmaAlpha(hp.bondsMovingAverage);

  let dividends: Float64Array;
  let bondsOut: EpochOutput['bonds'];
  if (hp.yuma3) {
    // Stored u16 read as proportions (`fixed_to_fixed_u16_proportion`), bonds to re-registered uids dropped.
    const bonds = maskRecentlyRegistered(
      loadRows(input.bonds, n, 'bonds', { scale: 65535 * ONE, alloc: arena }),
      input.lastTempoBlock,
      blockAtRegistration,
    );
    let emaBonds: SparseMatrix;
    let colSums: Float64Array;
    if (hp.liquidAlpha && consensus.some((c) => c !== 0)) {
      const alphaLow = u16Ratio(hp.alphaLow);
      const alphaHigh = u16Ratio(hp.alphaHigh);
      const steepness = hp.alphaSigmoidSteepness * ONE;
      ({ ema: emaBonds, colSums } = matEmaLiquidWithColSums(
        weightsForBonds,
        bonds,
        consensus,
        alphaLow,
        alphaHigh,
        steepness,
        arena,
      ));
    } else {
      ({ ema: emaBonds, colSums } = matEmaSparseWithColSums(
        weightsForBonds,
        bonds,
        alpha,
        ONE - alpha,
        undefined,
        undefined,
        arena,
      ));
    }
    const perValidator = bondsIncentivePerValidator(emaBonds, colSums, incentive);
    dividends = new Float64Array(n);
    for (let i = 0; i < n; i++) dividends[i] = mul(perValidator[i]!, activeStake[i]!);
    inplaceNormalize(dividends);
    bondsOut = storedBondRows(emaBonds, permitNew);
  } else {
    // Stored u16 read raw (column-max-upscaled), re-registered columns dropped.
    const bonds = maskRecentlyRegistered(
      loadRows(input.bonds, n, 'bonds', { alloc: arena }),
      input.lastTempoBlock,
      blockAtRegistration,
    );
    const { product: bondsDelta, colSums: deltaSums } = rowHadamardWithColSums(
      weightsForBonds,
      activeStake,
      n,
      true, // the weights are not read after this point
    );
    // ΔB and B are column-normalised inside the EMA, cell by cell, instead of in passes of their own.
    const { ema: emaBonds, colSums } = matEmaSparseWithColSums(
      bondsDelta,
      bonds,
      alpha,
      ONE - alpha,
      deltaSums,
      colSumSparse(bonds, n),
      arena,
    );
    const fused = normalizeEmaDividends(emaBonds, colSums, incentive);
    dividends = fused.dividends;
    inplaceNormalize(dividends);
    bondsOut = storedBondRows(emaBonds, permitNew, fused.colMax);
  }

  // == Emission ==
  const combined = new Float64Array(n);
  for (let i = 0; i < n; i++) combined[i] = incentive[i]! + dividends[i]!;
  const emissionSum = sum(combined);
  const serverShare = Float64Array.from(incentive);
  let validatorShare = Float64Array.from(dividends);
  let combinedShare = Float64Array.from(combined);
  inplaceNormalizeUsingSum(serverShare, emissionSum);
  inplaceNormalizeUsingSum(validatorShare, emissionSum);
  inplaceNormalize(combinedShare);
  if (emissionSum === 0) {
    // No weights, outdated weights or only self-weights: emission follows (active) stake.
    const fallback = sum(activeStake) === 0 ? stake : activeStake;
    validatorShare = Float64Array.from(fallback);
    combinedShare = Float64Array.from(fallback);
  }
  const e = input.raoEmission;

  return {
    active,
    stakeWeight: Array.from(stake, proportionToU16),
    incentive: Array.from(incentive, proportionToU16),
    dividends: Array.from(dividends, proportionToU16),
    consensus: Array.from(consensus, proportionToU16),
    validatorTrust: Array.from(validatorTrust, proportionToU16),
    validatorPermit: permitNew,
    emission: Array.from(combinedShare, (x) => toRao(x, e)),
    serverEmission: Array.from(serverShare, (x) => toRao(x, e)),
    validatorEmission: Array.from(validatorShare, (x) => toRao(x, e)),
    bonds: bondsOut,
    legacy: legacyTrust && {
      rank: Array.from(incentive, proportionToU16),
      trust: Array.from(legacyTrust, proportionToU16),
      pruningScore: vecMaxUpscaleToU16(combinedShare),
    },
  };
}
