/**
 * SubtensorModule storage: names, keys, hashers, value types and defaults as in subtensor's metadata
 * (`devnet.scale`, spec 381, and finney spec 424); defaults are the `Initial*` constants of `constants.ts`.
 * `NetUidStorageIndex` keys (Weights, Bonds, Incentive, LastUpdate, WeightCommits) equal the netuid:
 * this chain has one mechanism per subnet.
 */
import { AccountId32 } from '../../scale/substrate.js';
import { bool, i16, type Ty, tuple, u8, u16, u64, vec } from '../../scale/ty.js';
import { type Hasher, StorageMap, StorageValue } from '../../storage.js';
import { SUBTENSOR_CONSTANTS as C } from './constants.js';
import { emissionStorage } from './storage-emission.js';
import { poolStorage } from './storage-pools.js';
import { weightsStorage } from './storage-weights.js';
import {
  AxonInfo,
  PALLET as P,
  PrometheusInfo,
  TAO,
  U16PairVec,
  U64F64,
  WeightCommit,
  type WeightCommitValue,
} from './types.js';

const netuidKey = (hasher: Hasher = 'Identity') => ({ ty: u16, hasher });
const accountKey = (hasher: Hasher = 'Blake2_128Concat') => ({ ty: AccountId32, hasher });
const ZERO_ACCOUNT = new Uint8Array(32);

/** A per-subnet value with a default. */
function perNet<V>(name: string, ty: Ty<V>, d: V): StorageMap<[number], V> {
  return new StorageMap<[number], V>(P, name, [netuidKey()], ty, { default: d });
}

// --- Global values ---
export const TotalIssuance = new StorageValue(P, 'TotalIssuance', u64, {
  default: C.InitialIssuance,
  docs: [' Total issuance: free balances plus stake (drives the emission halving).'],
});
export const TotalStake = new StorageValue(P, 'TotalStake', u64, { default: 0n, docs: [' Total stake.'] });
export const BlockEmission = new StorageValue(P, 'BlockEmission', u64, {
  default: TAO,
  docs: [' Emission per block (rao).'],
});
export const TotalNetworks = new StorageValue(P, 'TotalNetworks', u16, { default: 0 });
export const StakeThreshold = new StorageValue(P, 'StakeThreshold', u64, { default: 0n });
export const SubnetOwnerCut = new StorageValue(P, 'SubnetOwnerCut', u16, {
  default: C.InitialSubnetOwnerCut,
});
export const NetworkMinLockCost = new StorageValue(P, 'NetworkMinLockCost', u64, {
  default: C.InitialNetworkMinLockCost,
});
export const NetworkLastLockCost = new StorageValue(P, 'NetworkLastLockCost', u64, {
  default: C.InitialNetworkMinLockCost,
});
export const NetworkLockReductionInterval = new StorageValue(P, 'NetworkLockReductionInterval', u64, {
  default: C.InitialNetworkLockReductionInterval,
});
export const NetworkRateLimit = new StorageValue(P, 'NetworkRateLimit', u64, {
  default: C.InitialNetworkRateLimit,
});

// --- Per subnet ---
export const NetworksAdded = perNet<boolean>('NetworksAdded', bool, false);
export const SubnetworkN = perNet<number>('SubnetworkN', u16, 0);
export const SubnetOwner = perNet<Uint8Array>('SubnetOwner', AccountId32, ZERO_ACCOUNT);
export const SubnetOwnerHotkey = perNet<Uint8Array>('SubnetOwnerHotkey', AccountId32, ZERO_ACCOUNT);
export const SubnetLocked = perNet<bigint>('SubnetLocked', u64, 0n);
export const SubnetMechanism = perNet<number>('SubnetMechanism', u16, 0);
export const SubnetTAO = perNet<bigint>('SubnetTAO', u64, 0n);
export const NetworkRegisteredAt = perNet<bigint>('NetworkRegisteredAt', u64, 0n);
export const NetworkRegistrationAllowed = perNet<boolean>('NetworkRegistrationAllowed', bool, true);
export const PendingServerEmission = perNet<bigint>('PendingServerEmission', u64, 0n);
export const PendingValidatorEmission = perNet<bigint>('PendingValidatorEmission', u64, 0n);
export const PendingOwnerCut = perNet<bigint>('PendingOwnerCut', u64, 0n);
export const BlocksSinceLastStep = perNet<bigint>('BlocksSinceLastStep', u64, 0n);
export const LastMechansimStepBlock = perNet<bigint>('LastMechansimStepBlock', u64, 0n);
export const Burn = perNet<bigint>('Burn', u64, C.InitialBurn);
export const MinBurn = perNet<bigint>('MinBurn', u64, C.InitialMinBurn);
export const MaxBurn = perNet<bigint>('MaxBurn', u64, C.InitialMaxBurn);

// Hyperparameters.
export const Tempo = perNet<number>('Tempo', u16, C.InitialTempo);
export const Kappa = perNet<number>('Kappa', u16, C.InitialKappa);
export const Rho = perNet<number>('Rho', u16, C.InitialRho);
export const MaxAllowedUids = perNet<number>('MaxAllowedUids', u16, C.InitialMaxAllowedUids);
export const ImmunityPeriod = perNet<number>('ImmunityPeriod', u16, C.InitialImmunityPeriod);
export const ActivityCutoff = perNet<number>('ActivityCutoff', u16, C.InitialActivityCutoff);
export const MaxWeightsLimit = perNet<number>('MaxWeightsLimit', u16, 65_535);
export const WeightsVersionKey = perNet<bigint>('WeightsVersionKey', u64, C.InitialWeightsVersionKey);
export const MinAllowedWeights = perNet<number>('MinAllowedWeights', u16, C.InitialMinAllowedWeights);
export const MaxAllowedValidators = perNet<number>(
  'MaxAllowedValidators',
  u16,
  C.InitialMaxAllowedValidators,
);
export const BondsMovingAverage = perNet<bigint>('BondsMovingAverage', u64, C.InitialBondsMovingAverage);
export const BondsPenalty = perNet<number>('BondsPenalty', u16, C.InitialBondsPenalty);
export const WeightsSetRateLimit = perNet<bigint>('WeightsSetRateLimit', u64, 100n);
export const ServingRateLimit = perNet<bigint>('ServingRateLimit', u64, C.InitialServingRateLimit);
export const CommitRevealWeightsEnabled = perNet<boolean>('CommitRevealWeightsEnabled', bool, true);
export const AlphaValues = perNet<[number, number]>('AlphaValues', tuple(u16, u16), [
  C.AlphaLow,
  C.AlphaHigh,
]);
export const AlphaSigmoidSteepness = perNet<number>(
  'AlphaSigmoidSteepness',
  i16,
  C.InitialAlphaSigmoidSteepness,
);
export const LiquidAlphaOn = new StorageMap<[number], boolean>(
  P,
  'LiquidAlphaOn',
  [netuidKey('Blake2_128Concat')],
  bool,
  {
    default: C.LiquidAlphaOn,
  },
);
export const Yuma3On = new StorageMap<[number], boolean>(
  P,
  'Yuma3On',
  [netuidKey('Blake2_128Concat')],
  bool,
  {
    default: C.Yuma3On,
  },
);
export const RevealPeriodEpochs = new StorageMap<[number], bigint>(
  P,
  'RevealPeriodEpochs',
  [netuidKey('Twox64Concat')],
  u64,
  { default: 1n },
);
export const MechanismCountCurrent = new StorageMap<[number], number>(
  P,
  'MechanismCountCurrent',
  [netuidKey('Twox64Concat')],
  u8,
  { default: 1 },
);

// Per-uid vectors written by the epoch (and extended on registration).
export const Active = perNet<boolean[]>('Active', vec(bool), []);
export const Consensus = perNet<number[]>('Consensus', vec(u16), []);
export const Incentive = perNet<number[]>('Incentive', vec(u16), []);
export const Dividends = perNet<number[]>('Dividends', vec(u16), []);
export const Emission = perNet<bigint[]>('Emission', vec(u64), []);
export const LastUpdate = perNet<bigint[]>('LastUpdate', vec(u64), []);
export const ValidatorTrust = perNet<number[]>('ValidatorTrust', vec(u16), []);
export const ValidatorPermit = perNet<boolean[]>('ValidatorPermit', vec(bool), []);
export const StakeWeight = perNet<number[]>('StakeWeight', vec(u16), []);

// --- Neurons ---
export const Uids = new StorageMap<[number, Uint8Array], number>(P, 'Uids', [netuidKey(), accountKey()], u16);
export const Keys = new StorageMap<[number, number], Uint8Array>(
  P,
  'Keys',
  [netuidKey(), { ty: u16, hasher: 'Identity' }],
  AccountId32,
  { default: ZERO_ACCOUNT },
);
export const BlockAtRegistration = new StorageMap<[number, number], bigint>(
  P,
  'BlockAtRegistration',
  [netuidKey(), { ty: u16, hasher: 'Identity' }],
  u64,
  { default: 0n },
);
export const Weights = new StorageMap<[number, number], Array<[number, number]>>(
  P,
  'Weights',
  [netuidKey(), { ty: u16, hasher: 'Identity' }],
  U16PairVec,
  { default: [] },
);
export const Bonds = new StorageMap<[number, number], Array<[number, number]>>(
  P,
  'Bonds',
  [netuidKey(), { ty: u16, hasher: 'Identity' }],
  U16PairVec,
  { default: [] },
);
export const Axons = new StorageMap(P, 'Axons', [netuidKey(), accountKey()], AxonInfo);
export const Prometheus = new StorageMap(P, 'Prometheus', [netuidKey(), accountKey()], PrometheusInfo);
export const WeightCommits = new StorageMap<[number, Uint8Array], WeightCommitValue[]>(
  P,
  'WeightCommits',
  [netuidKey('Twox64Concat'), accountKey('Twox64Concat')],
  vec(WeightCommit) as never,
);

// --- Keys and stake ---
/** hotkey -> coldkey that owns it. */
export const Owner = new StorageMap<[Uint8Array], Uint8Array>(P, 'Owner', [accountKey()], AccountId32, {
  default: ZERO_ACCOUNT,
});
export const OwnedHotkeys = new StorageMap<[Uint8Array], Uint8Array[]>(
  P,
  'OwnedHotkeys',
  [accountKey()],
  vec(AccountId32),
  { default: [] },
);
export const StakingHotkeys = new StorageMap<[Uint8Array], Uint8Array[]>(
  P,
  'StakingHotkeys',
  [accountKey()],
  vec(AccountId32),
  { default: [] },
);
/** A hotkey's stake on a subnet (rao). */
export const TotalHotkeyAlpha = new StorageMap<[Uint8Array, number], bigint>(
  P,
  'TotalHotkeyAlpha',
  [accountKey(), netuidKey()],
  u64,
  { default: 0n },
);
/** Share-pool denominator of a hotkey on a subnet (U64F64 bits). */
export const TotalHotkeyShares = new StorageMap<[Uint8Array, number], { bits: bigint }>(
  P,
  'TotalHotkeyShares',
  [accountKey(), netuidKey()],
  U64F64,
  { default: { bits: 0n } },
);
/** A coldkey's shares of a hotkey's pool on a subnet (U64F64 bits). */
export const Alpha = new StorageMap<[Uint8Array, Uint8Array, number], { bits: bigint }>(
  P,
  'Alpha',
  [accountKey(), accountKey(), netuidKey()],
  U64F64,
  { default: { bits: 0n } },
);

export const subtensorStorage = [
  TotalIssuance,
  TotalStake,
  BlockEmission,
  TotalNetworks,
  StakeThreshold,
  SubnetOwnerCut,
  NetworkMinLockCost,
  NetworkLastLockCost,
  NetworkLockReductionInterval,
  NetworkRateLimit,
  NetworksAdded,
  SubnetworkN,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetLocked,
  SubnetMechanism,
  SubnetTAO,
  NetworkRegisteredAt,
  NetworkRegistrationAllowed,
  PendingServerEmission,
  PendingValidatorEmission,
  PendingOwnerCut,
  BlocksSinceLastStep,
  LastMechansimStepBlock,
  Burn,
  MinBurn,
  MaxBurn,
  Tempo,
  Kappa,
  Rho,
  MaxAllowedUids,
  ImmunityPeriod,
  ActivityCutoff,
  MaxWeightsLimit,
  WeightsVersionKey,
  MinAllowedWeights,
  MaxAllowedValidators,
  BondsMovingAverage,
  BondsPenalty,
  WeightsSetRateLimit,
  ServingRateLimit,
  CommitRevealWeightsEnabled,
  AlphaValues,
  AlphaSigmoidSteepness,
  LiquidAlphaOn,
  Yuma3On,
  RevealPeriodEpochs,
  MechanismCountCurrent,
  Active,
  Consensus,
  Incentive,
  Dividends,
  Emission,
  LastUpdate,
  ValidatorTrust,
  ValidatorPermit,
  StakeWeight,
  Uids,
  Keys,
  BlockAtRegistration,
  Weights,
  Bonds,
  Axons,
  Prometheus,
  WeightCommits,
  Owner,
  OwnedHotkeys,
  StakingHotkeys,
  TotalHotkeyAlpha,
  TotalHotkeyShares,
  Alpha,
  ...weightsStorage,
  ...poolStorage,
  ...emissionStorage,
];
