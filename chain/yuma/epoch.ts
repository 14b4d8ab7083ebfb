/**
 * One Yuma Consensus epoch: a port of subtensor's sparse `epoch_mechanism` (pallets/subtensor/src/epoch/
 * run_epoch.rs) in its I32F32 arithmetic. Steps and names follow the Rust code; `docs/yuma.md` lists them
 * with the number types. Pure: no storage, no clock; the chain pallet and `expertnet yuma simulate` both
 * call `runEpoch`.
 */
import { YumaError } from './errors.js';
import { div, expSafe, mul, ONE, proportionToU16 } from './fixed.js';
import {
  alphaSigmoid,
  colClipSparse,
  EMPTY_ROW,
  filterSparse,
  inplaceColMaxUpscaleSparse,
  inplaceColNormalizeSparse,
  inplaceNormalize,
  inplaceNormalizeUsingSum,
  inplaceRowNormalizeSparse,
  interpolateSparse,
  isTopkNonzero,
  maskRowsSparse,
  matEmaAlphaSparse,
  matEmaSparse,
  matmulSparse,
  matmulTransposeSparse,
  matVecMulSparse,
  normalizeStake64,
  rowHadamardSparse,
  rowSumSparse,
  type SparseMatrix,
  type SparseRow,
  sum,
  weightedMedianColSparse,
} from './math.js';
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

/** Stored `(uid, u16)` rows → raw I32F32 rows, `u16_to_fixed` (raw integer value), columns ≥ n dropped. */
function loadRows(
  rows: readonly (U16Row | U16PairRow | undefined)[],
  n: number,
  field: string,
  scale?: number,
): SparseMatrix {
  const out: SparseMatrix = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    const pairs = Array.isArray(row) ? (row as U16PairRow) : undefined;
    const columnar = pairs === undefined ? (row as U16Row | undefined) : undefined;
    const m = pairs ? pairs.length : columnar ? columnar.uids.length : 0;
    if (columnar && columnar.values.length !== m) fail(`${field}[${i}]`, 'uids and values differ in length');
    if (m === 0) {
      out[i] = EMPTY_ROW;
      continue;
    }
    const idx = new Int32Array(m);
    const val = new Float64Array(m);
    let len = 0;
    for (let k = 0; k < m; k++) {
      const j = pairs ? pairs[k]![0] : columnar!.uids[k]!;
      const v = pairs ? pairs[k]![1] : columnar!.values[k]!;
      if (!(v >= 0 && v <= 65535 && Number.isInteger(v))) fail(`${field}[${i}]`, `value ${v} is not a u16`);
      if (!(j >= 0 && Number.isInteger(j))) fail(`${field}[${i}]`, `uid ${j} is not a uid`);
      if (j >= n) continue;
      idx[len] = j;
      // Bonds under Yuma3 are read as proportions (`fixed_to_fixed_u16_proportion`).
      val[len++] = scale === undefined ? v * ONE : div(v * ONE, scale);
    }
    out[i] = { idx: idx.subarray(0, len), val: val.subarray(0, len) } satisfies SparseRow;
  }
  return out;
}

/** `I96F32(x) · I96F32(E)` then `to_num::<u64>()`: `floor(x_raw · E / 2^32)`. */
function toRao(raw: number, emission: bigint): bigint {
  if (raw <= 0) return 0n;
  return (BigInt(raw) * emission) >> 32n;
}

/**
 * Runs one epoch over `input` and returns what the chain stores afterwards.
 * @throws {YumaError} `BAD_EPOCH_INPUT` when per-uid arrays disagree in length or hold impossible values.
 * @example
 * const out = runEpoch({ currentBlock: 10, lastTempoBlock: 1, stake: [1n, 1n], ... });
 * out.incentive; // u16 per uid
 */
export function runEpoch(input: EpochInput): EpochOutput {
  validate(input);
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
  let weights = loadRows(input.weights, n, 'weights');
  weights = maskRowsSparse(
    permitOld.map((p) => !p),
    weights,
  );
  // Diagonal (except the owner's self-weight) and weights set before the target (re)registered.
  weights = filterSparse(
    weights,
    (i, j) => (i !== j || i === owner) && !(input.lastUpdate[i]! <= blockAtRegistration[j]!),
  );
  inplaceRowNormalizeSparse(weights);

  // == Consensus, validator trust ==
  const kappa = u16Ratio(hp.kappa);
  const consensus = weightedMedianColSparse(activeStake, weights, n, kappa);
  const clipped = colClipSparse(weights, consensus);
  const validatorTrust = rowSumSparse(clipped);

  // == Ranks, incentive ==
  const incentive = matmulSparse(clipped, activeStake, n);
  inplaceNormalize(incentive);

  // == Bonds and dividends ==
  const bondsPenalty = u16Ratio(hp.bondsPenalty);
  const weightsForBonds = interpolateSparse(weights, clipped, n, bondsPenalty);
  const recentlyRegistered = (j: number) => input.lastTempoBlock <= blockAtRegistration[j]!;

  let dividends: Float64Array;
  let emaBonds: SparseMatrix;
  if (hp.yuma3) {
    let bonds = loadRows(input.bonds, n, 'bonds', 65535 * ONE);
    bonds = filterSparse(bonds, (_i, j) => !recentlyRegistered(j));
    const liquid = hp.liquidAlpha && consensus.some((c) => c !== 0);
    if (liquid) {
      const alphaLow = u16Ratio(hp.alphaLow);
      const alphaHigh = u16Ratio(hp.alphaHigh);
      const steepness = hp.alphaSigmoidSteepness * ONE;
      emaBonds = matEmaAlphaSparse(weightsForBonds, bonds, n, (_i, j, w, b) =>
        alphaSigmoid(consensus[j]!, w, b, alphaLow, alphaHigh, steepness, expSafe),
      );
    } else {
      emaBonds = matEmaSparse(weightsForBonds, bonds, bondsEmaAlpha(hp.bondsMovingAverage));
    }
    const emaNorm = emaBonds.map((r) =>
      r.idx.length === 0 ? r : { idx: r.idx, val: Float64Array.from(r.val) },
    );
    inplaceColNormalizeSparse(emaNorm, n);
    const totalBondsPerValidator = rowSumSparse(matVecMulSparse(emaNorm, incentive));
    dividends = new Float64Array(n);
    for (let i = 0; i < n; i++) dividends[i] = mul(totalBondsPerValidator[i]!, activeStake[i]!);
    inplaceNormalize(dividends);
  } else {
    let bonds = loadRows(input.bonds, n, 'bonds');
    bonds = filterSparse(bonds, (_i, j) => !recentlyRegistered(j));
    inplaceColNormalizeSparse(bonds, n);
    const bondsDelta = rowHadamardSparse(weightsForBonds, activeStake);
    inplaceColNormalizeSparse(bondsDelta, n);
    emaBonds = matEmaSparse(bondsDelta, bonds, bondsEmaAlpha(hp.bondsMovingAverage));
    inplaceColNormalizeSparse(emaBonds, n);
    dividends = matmulTransposeSparse(emaBonds, incentive);
    inplaceNormalize(dividends);
    inplaceColMaxUpscaleSparse(emaBonds, n);
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

  const bondsOut: EpochOutput['bonds'] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = emaBonds[i] ?? EMPTY_ROW;
    const m = permitNew[i] ? row.idx.length : 0;
    const uids = new Uint16Array(m);
    const values = new Uint16Array(m);
    for (let k = 0; k < m; k++) {
      uids[k] = row.idx[k]!;
      values[k] = proportionToU16(row.val[k]!);
    }
    bondsOut[i] = { uids, values };
  }

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
  };
}
