/**
 * SCALE types SubtensorModule shares with subtensor (paths, field names and Rust type names as in
 * subtensor's metadata, so @polkadot/api decodes them the same way), and the pallet's constants.
 */

import * as $ from 'scale-ts';
import { AccountId32, bytes32 } from '../../scale/substrate.js';
import {
  bool,
  compactU64,
  type FieldSpec,
  i64,
  newtype,
  struct,
  type Ty,
  tuple,
  u8,
  u16,
  u32,
  u64,
  u128,
  vec,
} from '../../scale/ty.js';
import { SUBTENSOR_CONSTANTS } from './constants.js';

export const PALLET = 'SubtensorModule';
export const PALLET_INDEX = 7;

/** 1 TAO in rao. */
export const TAO = 1_000_000_000n;
/** `DefaultMinStake`: the smallest stake movement (0.002 TAO). */
export const MIN_STAKE = SUBTENSOR_CONSTANTS.InitialMinStake;
/** Unrevealed hash commits per hotkey and subnet. */
export const MAX_UNREVEALED_COMMITS = 10;
/** Upper bound for `MaxAllowedUids` set by AdminUtils (one mechanism's uid space). */
export const MAX_UIDS_LIMIT = 4096;
/** Highest netuid a new subnet may get (a `NetUidStorageIndex` keeps 4096 netuids per mechanism). */
export const MAX_NETUID = 4095;
/** Total supply cap (21M TAO): block emission halves as issuance approaches it. */
export const TOTAL_SUPPLY = 21_000_000n * TAO;

/** `Compact<u16>` as a number. */
export const compactU16: Ty<number> = {
  codec: $.enhanceCodec(
    $.compact,
    (v: number) => v,
    (v) => Number(v),
  ),
  path: [],
  describe: (reg) => ({ path: [], params: [], def: { compact: { type: reg.idOf(u16) } }, docs: [] }),
};

/** `substrate_fixed::FixedU128<U64>` (U64F64): the raw 128-bit value (`bits / 2^64`). */
export const U64F64 = struct(
  'substrate_fixed::FixedU128',
  { bits: { ty: u128, typeName: 'u128' } },
  { params: [{ name: 'Frac' }] },
);
/** `substrate_fixed::FixedI64<U32>` (I32F32): the raw 64-bit value (`bits / 2^32`). */
export const I32F32 = struct(
  'substrate_fixed::FixedI64',
  { bits: { ty: i64, typeName: 'i64' } },
  { params: [{ name: 'Frac' }] },
);

export const AxonInfo = struct('pallet_subtensor::pallet::AxonInfo', {
  block: { ty: u64, typeName: 'u64' },
  version: { ty: u32, typeName: 'u32' },
  ip: { ty: u128, typeName: 'u128' },
  port: { ty: u16, typeName: 'u16' },
  ip_type: { ty: u8, typeName: 'u8' },
  protocol: { ty: u8, typeName: 'u8' },
  placeholder1: { ty: u8, typeName: 'u8' },
  placeholder2: { ty: u8, typeName: 'u8' },
});
export type AxonInfoValue = {
  block: bigint;
  version: number;
  ip: bigint;
  port: number;
  ip_type: number;
  protocol: number;
  placeholder1: number;
  placeholder2: number;
};
export const emptyAxon = (): AxonInfoValue => ({
  block: 0n,
  version: 0,
  ip: 0n,
  port: 0,
  ip_type: 0,
  protocol: 0,
  placeholder1: 0,
  placeholder2: 0,
});

export const PrometheusInfo = struct('pallet_subtensor::pallet::PrometheusInfo', {
  block: { ty: u64, typeName: 'u64' },
  version: { ty: u32, typeName: 'u32' },
  ip: { ty: u128, typeName: 'u128' },
  port: { ty: u16, typeName: 'u16' },
  ip_type: { ty: u8, typeName: 'u8' },
});
export type PrometheusInfoValue = {
  block: bigint;
  version: number;
  ip: bigint;
  port: number;
  ip_type: number;
};
export const emptyPrometheus = (): PrometheusInfoValue => ({
  block: 0n,
  version: 0,
  ip: 0n,
  port: 0,
  ip_type: 0,
});

/** `(H256 hash, u64 commit_block, u64 first_reveal_block, u64 last_reveal_block)` (hash commit-reveal). */
export const WeightCommit = tuple(newtype('primitive_types::H256', bytes32, '[u8; 32]'), u64, u64, u64);
export type WeightCommitValue = [Uint8Array, bigint, bigint, bigint];

/** A weights or bonds row: `Vec<(u16 uid, u16 value)>`. */
export const U16PairVec = vec(tuple(u16, u16));

const accountId: FieldSpec = { ty: AccountId32, typeName: 'AccountId' };
const c16 = (typeName = 'Compact<u16>'): FieldSpec => ({ ty: compactU16, typeName });
const compactPairs = vec(tuple(compactU16, compactU16));

const neuronFields = {
  hotkey: accountId,
  coldkey: accountId,
  uid: c16(),
  netuid: c16('Compact<NetUid>'),
  active: { ty: bool, typeName: 'bool' },
  axon_info: { ty: AxonInfo, typeName: 'AxonInfo' },
  prometheus_info: { ty: PrometheusInfo, typeName: 'PrometheusInfo' },
  stake: { ty: vec(tuple(AccountId32, compactU64)), typeName: 'Vec<(AccountId, Compact<AlphaBalance>)>' },
  rank: c16(),
  emission: { ty: compactU64, typeName: 'Compact<AlphaBalance>' },
  incentive: c16(),
  consensus: c16(),
  trust: c16(),
  validator_trust: c16(),
  dividends: c16(),
  last_update: { ty: compactU64, typeName: 'Compact<u64>' },
  validator_permit: { ty: bool, typeName: 'bool' },
};
const generic = { params: [{ name: 'AccountId', ty: AccountId32 }] };

export const NeuronInfoLite = struct(
  'pallet_subtensor::rpc_info::neuron_info::NeuronInfoLite',
  { ...neuronFields, pruning_score: c16() },
  generic,
);
export const NeuronInfo = struct(
  'pallet_subtensor::rpc_info::neuron_info::NeuronInfo',
  {
    ...neuronFields,
    weights: { ty: compactPairs, typeName: 'Vec<(Compact<u16>, Compact<u16>)>' },
    bonds: { ty: compactPairs, typeName: 'Vec<(Compact<u16>, Compact<u16>)>' },
    pruning_score: c16(),
  },
  generic,
);

const cu64 = (typeName = 'Compact<u64>'): FieldSpec => ({ ty: compactU64, typeName });
const flag: FieldSpec = { ty: bool, typeName: 'bool' };
export const SubnetHyperparamsV2 = struct('pallet_subtensor::rpc_info::subnet_info::SubnetHyperparamsV2', {
  rho: c16(),
  kappa: c16(),
  immunity_period: c16(),
  min_allowed_weights: c16(),
  max_weights_limit: c16(),
  tempo: c16(),
  min_difficulty: cu64(),
  max_difficulty: cu64(),
  weights_version: cu64(),
  weights_rate_limit: cu64(),
  adjustment_interval: c16(),
  // u64 since subtensor derives the cutoff from ActivityCutoffFactorMilli (finney spec 424; u16 in 381).
  activity_cutoff: cu64(),
  registration_allowed: flag,
  target_regs_per_interval: c16(),
  min_burn: cu64('Compact<TaoBalance>'),
  max_burn: cu64('Compact<TaoBalance>'),
  bonds_moving_avg: cu64(),
  max_regs_per_block: c16(),
  serving_rate_limit: cu64(),
  max_validators: c16(),
  adjustment_alpha: cu64(),
  difficulty: cu64(),
  commit_reveal_period: cu64(),
  commit_reveal_weights_enabled: flag,
  alpha_high: c16(),
  alpha_low: c16(),
  liquid_alpha_enabled: flag,
  alpha_sigmoid_steepness: { ty: I32F32, typeName: 'I32F32' },
  yuma_version: c16(),
  subnet_is_active: flag,
  transfers_enabled: flag,
  bonds_reset_enabled: flag,
  user_liquidity_enabled: flag,
});

/** A SubtensorModule event (`{ tag: 'SubtensorModule', value: { tag: name, value } }`). */
export const subtensorEvent = (name: string, value?: unknown) => ({
  tag: PALLET,
  value: { tag: name, value },
});
