/**
 * Input and output of one Yuma Consensus epoch (subtensor's sparse `epoch_mechanism`, one mechanism).
 * Everything is plain data in the chain's storage units, so the pallet maps storage to `EpochInput`
 * and `EpochOutput` back to storage without conversions of its own.
 */

/**
 * A stored sparse row as the chain keeps `Weights`/`Bonds` (`Vec<(u16, u16)>`), in columnar form:
 * `uids[k]` carries `values[k]`. Columnar typed arrays avoid a million small tuples per dense epoch.
 */
export interface U16Row {
  readonly uids: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** The same row as `(uid, value)` pairs, accepted on input for convenience. */
export type U16PairRow = ReadonlyArray<readonly [uid: number, value: number]>;

/** Subnet hyperparameters the epoch reads (storage units). */
export interface EpochHyperparams {
  /** `Kappa` (u16): consensus majority, kappa/65535 (default 32767). */
  kappa: number;
  /** `BondsMovingAverage` (u64, per million): EMA alpha = 1 − bma/1e6 (default 900000). */
  bondsMovingAverage: number | bigint;
  /** `BondsPenalty` (u16): beta = value/65535; 65535 bonds on clipped weights, 0 on raw weights. */
  bondsPenalty: number;
  /** Activity cutoff in blocks: uid i is active when `lastUpdate_i + cutoff ≥ currentBlock`. */
  activityCutoff: number;
  /** `MaxAllowedValidators` (u16): top-k stake get a permit. */
  maxAllowedValidators: number;
  /** `Yuma3On`: false = original Yuma bonds (column-normalised EMA), true = Yuma3 bonds. */
  yuma3: boolean;
  /** `LiquidAlphaOn` (Yuma3 only): per-cell sigmoid EMA alpha. */
  liquidAlpha: boolean;
  /** `AlphaValues.0` (u16/65535), liquid alpha lower bound (default 45875). */
  alphaLow: number;
  /** `AlphaValues.1` (u16/65535), liquid alpha upper bound (default 58982). */
  alphaHigh: number;
  /** `AlphaSigmoidSteepness` (i16, default 1000). */
  alphaSigmoidSteepness: number;
}

/** Chain state an epoch reads. All per-uid arrays have length `n` (= `SubnetworkN`). */
export interface EpochInput {
  /** Block the epoch runs at. */
  currentBlock: number;
  /**
   * Bonds registration cutoff: a stored bond `B_ij` is dropped when `lastTempoBlock ≤ registeredAt_j`.
   * The chain passes `LastMechansimStepBlock + 1`, or `currentBlock − tempo` before the first step.
   */
  lastTempoBlock: number;
  /** Stake weight per uid in rao (alpha + TaoWeight·root, already combined by the caller). */
  stake: readonly bigint[];
  /** `LastUpdate` per uid (block of the last weights set, or of registration). */
  lastUpdate: readonly number[];
  /** `BlockAtRegistration` per uid (0 for an empty slot). */
  blockAtRegistration: readonly number[];
  /** `ValidatorPermit` issued by the previous epoch (in force for this one). */
  validatorPermit: readonly boolean[];
  /** `Weights` row per uid as stored (max-upscaled u16, ascending uids); missing/empty = no weights. */
  weights: readonly (U16Row | U16PairRow | undefined)[];
  /** `Bonds` row per uid as stored (u16); missing/empty = no bonds. */
  bonds: readonly (U16Row | U16PairRow | undefined)[];
  hyperparams: EpochHyperparams;
  /** Emission to distribute this epoch, in rao. */
  raoEmission: bigint;
  /** `StakeThreshold` (rao): smaller stakes count as 0 (except the owner's). Default 0. */
  stakeThreshold?: bigint;
  /** Subnet owner's uid: keeps its permit, its self-weight and is exempt from the stake threshold. */
  ownerUid?: number;
  /**
   * Also compute `Rank`, `Trust` and `PruningScores`, which runtimes before 2026-04 stored (the spec-381
   * metadata still has them). Costs one more pass over the weights.
   */
  legacyScores?: boolean;
}

/** Scores of runtimes before 2026-04 (`EpochInput.legacyScores`), u16 per uid as they were stored. */
export interface LegacyScores {
  /** `Rank`: the normalised ranks (equal to `Incentive`). */
  rank: number[];
  /** `Trust`: ranks after clipping over ranks before (`vecdiv`, 0 where the prerank is 0). */
  trust: number[];
  /** `PruningScores`: the combined emission shares max-upscaled to 65535 (`vec_max_upscale_to_u16`). */
  pruningScore: number[];
}

/** What one epoch writes back (storage units). */
export interface EpochOutput {
  /** `Active`. */
  active: boolean[];
  /** `StakeWeight`: `floor(S_i·65535)`. */
  stakeWeight: number[];
  /** `Incentive` (u16 proportion). */
  incentive: number[];
  /** `Dividends` (u16 proportion). */
  dividends: number[];
  /** `Consensus` (u16 proportion). */
  consensus: number[];
  /** `ValidatorTrust` (u16 proportion). */
  validatorTrust: number[];
  /** `ValidatorPermit` for the next epoch. */
  validatorPermit: boolean[];
  /** `Emission` (rao): `floor(normalize(I + D)_i · E)`, or the stake fallback. */
  emission: bigint[];
  /** Miner share (rao): `floor(I_i / Σ(I + D) · E)`. */
  serverEmission: bigint[];
  /** Validator share (rao): `floor(D_i / Σ(I + D) · E)`, or the stake fallback. */
  validatorEmission: bigint[];
  /**
   * `Bonds` row per uid to store: uids with a new permit get their EMA bonds (Yuma2: column-max-upscaled,
   * Yuma3: `floor(b·65535)`), every other uid an empty row.
   */
  bonds: Array<{ uids: Uint16Array; values: Uint16Array }>;
  /** Present when `EpochInput.legacyScores` is set. */
  legacy?: LegacyScores;
}
