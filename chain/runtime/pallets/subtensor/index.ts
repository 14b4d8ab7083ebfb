/**
 * SubtensorModule (pallet index 7): the subset of subtensor's pallet a subnet needs: networks, burned
 * registration, serving, single-token stake, weights with commit-reveal, and the per-block coinbase
 * running Yuma epochs. Call indices, argument names/types, events, errors and storage match subtensor.
 */
import { dbWeight } from '../../config.js';
import { ensureSigned, type PalletDef } from '../../pallet.js';
import { AccountId32, H256 } from '../../scale/substrate.js';
import {
  bool,
  bytes,
  type FieldSpec,
  i16,
  u8,
  u16,
  u32,
  u64,
  u128,
  type VariantSpec,
  vec,
} from '../../scale/ty.js';
import { subtensorApis } from './apis.js';
import { blockStep } from './coinbase.js';
import { subtensorErrorDefs } from './errors.js';
import { burnedRegister, registerNetwork } from './registration.js';
import { serveAxon, servePrometheus } from './serving.js';
import { addStake, removeStake } from './staking.js';
import { subtensorStorage } from './storage.js';
import { PALLET, PALLET_INDEX } from './types.js';
import { subtensorCallValidators as validators } from './validation.js';
import { commitWeights, revealWeights, setWeights } from './weights.js';

const netuid: FieldSpec = { ty: u16, typeName: 'NetUid' };
const accountId: FieldSpec = { ty: AccountId32, typeName: 'T::AccountId' };
const f = (ty: FieldSpec['ty'], typeName: string): FieldSpec => ({ ty, typeName });
const u16s = f(vec(u16), 'Vec<u16>');
/** The leading arguments of `serve_axon` and `serve_prometheus`, in subtensor's order. */
const endpointArgs = {
  netuid,
  version: f(u32, 'u32'),
  ip: f(u128, 'u128'),
  port: f(u16, 'u16'),
  ip_type: f(u8, 'u8'),
};
const serveWeight = () => 20_000_000n + dbWeight(4, 1);

/** A tuple event (subtensor's events have unnamed fields). */
const ev = (index: number, fields: FieldSpec[], doc: string): VariantSpec => ({
  index,
  fields,
  docs: [` ${doc}`],
});
const setEvent = (index: number, valueTy: FieldSpec['ty'], valueName: string, doc: string) =>
  ev(index, [netuid, f(valueTy, valueName)], doc);

export const subtensorEvents: Record<string, VariantSpec> = {
  NetworkAdded: ev(0, [netuid, f(u16, 'u16')], 'a new network is added.'),
  StakeAdded: ev(
    2,
    [accountId, accountId, f(u64, 'TaoBalance'), f(u64, 'AlphaBalance'), netuid, f(u64, 'u64')],
    'stake has been transferred from the a coldkey account onto the hotkey staking account.',
  ),
  StakeRemoved: ev(
    3,
    [accountId, accountId, f(u64, 'TaoBalance'), f(u64, 'AlphaBalance'), netuid, f(u64, 'u64')],
    'stake has been removed from the hotkey staking account onto the coldkey account.',
  ),
  WeightsSet: ev(
    5,
    [f(u16, 'NetUidStorageIndex'), f(u16, 'u16')],
    'a caller successfully sets their weights on a subnetwork.',
  ),
  NeuronRegistered: ev(
    6,
    [netuid, f(u16, 'u16'), accountId],
    'a new neuron account has been registered to the chain.',
  ),
  MaxAllowedUidsSet: setEvent(9, u16, 'u16', 'max allowed uids has been set for a subnetwork.'),
  ActivityCutoffSet: setEvent(15, u16, 'u16', 'an activity cutoff is set for a subnet.'),
  RhoSet: setEvent(16, u16, 'u16', 'Rho value is set.'),
  AlphaSigmoidSteepnessSet: setEvent(
    17,
    i16,
    'i16',
    'steepness of the sigmoid used to compute alpha values.',
  ),
  KappaSet: setEvent(18, u16, 'u16', 'Kappa is set for a subnet.'),
  MinAllowedWeightSet: setEvent(19, u16, 'u16', 'minimum allowed weight is set for a subnet.'),
  WeightsSetRateLimitSet: setEvent(22, u64, 'u64', 'weights set rate limit has been set for a subnet.'),
  ImmunityPeriodSet: setEvent(23, u16, 'u16', 'immunity period is set for a subnet.'),
  BondsMovingAverageSet: setEvent(24, u64, 'u64', 'bonds moving average is set for a subnet.'),
  BondsPenaltySet: setEvent(25, u16, 'u16', 'bonds penalty is set for a subnet.'),
  MaxAllowedValidatorsSet: setEvent(
    27,
    u16,
    'u16',
    'setting the max number of allowed validators on a subnet.',
  ),
  AxonServed: ev(28, [netuid, accountId], 'the axon server information is added to the network.'),
  PrometheusServed: ev(29, [netuid, accountId], 'the prometheus server information is added to the network.'),
  WeightsVersionKeySet: setEvent(32, u64, 'u64', 'weights version key is set for a network.'),
  ServingRateLimitSet: setEvent(35, u64, 'u64', 'setting the prometheus serving rate limit.'),
  MinBurnSet: setEvent(38, u64, 'TaoBalance', 'setting min burn on a network.'),
  MaxBurnSet: setEvent(37, u64, 'TaoBalance', 'setting max burn on a network.'),
  RegistrationAllowed: setEvent(48, bool, 'bool', 'registration is allowed/disallowed for a subnet.'),
  TempoSet: setEvent(50, u16, 'u16', 'setting tempo on a network'),
  SubnetOwnerCutSet: ev(55, [f(u16, 'u16')], 'the subnet owner cut is set.'),
  NetworkMinLockCostSet: ev(59, [f(u64, 'TaoBalance')], 'the network minimum locking cost is set.'),
  StakeThresholdSet: ev(52, [f(u64, 'u64')], 'min stake is set for validators to set weights.'),
  WeightsCommitted: ev(
    83,
    [accountId, f(u16, 'NetUidStorageIndex'), f(H256, 'H256')],
    'Weights have been successfully committed.',
  ),
  WeightsRevealed: ev(
    84,
    [accountId, f(u16, 'NetUidStorageIndex'), f(H256, 'H256')],
    'Weights have been successfully revealed.',
  ),
  CommitRevealPeriodsSet: setEvent(98, u64, 'u64', 'Commit-Reveal periods has been successfully set.'),
  CommitRevealEnabled: setEvent(99, bool, 'bool', 'Commit-Reveal has been successfully toggled.'),
  IncentiveAlphaEmittedToMiners: {
    index: 108,
    fields: {
      netuid: f(u16, 'NetUidStorageIndex'),
      emissions: f(vec(u64), 'Vec<AlphaBalance>'),
    },
    docs: [' End-of-epoch miner incentive alpha by UID'],
  },
};

const SET_WEIGHTS_BASE = 20_000_000n;
const PER_WEIGHT = 300_000n;

export const subtensorPallet: PalletDef = {
  name: PALLET,
  index: PALLET_INDEX,
  crate: 'pallet_subtensor',
  docs: [' SubtensorModule: subnets, neurons, stake, weights and Yuma epochs.'],
  calls: {
    set_weights: {
      index: 0,
      args: { netuid, dests: u16s, weights: u16s, version_key: f(u64, 'u64') },
      docs: [" Sets the caller's weights on a subnet (refused while commit-reveal is enabled)."],
      weight: (a: { dests: number[] }) =>
        SET_WEIGHTS_BASE + PER_WEIGHT * BigInt(a.dests.length) + dbWeight(10, 2),
      paysFee: false,
      dispatch: (
        ctx,
        origin,
        a: { netuid: number; dests: number[]; weights: number[]; version_key: bigint },
      ) => {
        setWeights(ctx, ensureSigned(origin), a.netuid, a.dests, a.weights, a.version_key);
        return undefined;
      },
      validate: validators.set_weights,
    },
    add_stake: {
      index: 2,
      args: { hotkey: accountId, netuid, amount_staked: f(u64, 'TaoBalance') },
      docs: [' Stakes TAO from the caller (coldkey) on a hotkey in a subnet.'],
      weight: () => 50_000_000n + dbWeight(12, 8),
      dispatch: (ctx, origin, a: { hotkey: Uint8Array; netuid: number; amount_staked: bigint }) => {
        addStake(ctx, ensureSigned(origin), a.hotkey, a.netuid, a.amount_staked);
        return undefined;
      },
    },
    remove_stake: {
      index: 3,
      args: { hotkey: accountId, netuid, amount_unstaked: f(u64, 'AlphaBalance') },
      docs: [' Removes stake from a hotkey back to the caller (coldkey).'],
      weight: () => 50_000_000n + dbWeight(12, 8),
      dispatch: (ctx, origin, a: { hotkey: Uint8Array; netuid: number; amount_unstaked: bigint }) => {
        removeStake(ctx, ensureSigned(origin), a.hotkey, a.netuid, a.amount_unstaked);
        return undefined;
      },
    },
    serve_axon: {
      index: 4,
      args: {
        ...endpointArgs,
        protocol: f(u8, 'u8'),
        placeholder1: f(u8, 'u8'),
        placeholder2: f(u8, 'u8'),
      },
      docs: [" Publishes the caller's (hotkey) axon endpoint on a subnet."],
      weight: serveWeight,
      paysFee: false,
      dispatch: (ctx, origin, a) => {
        serveAxon(ctx, ensureSigned(origin), a);
        return undefined;
      },
      validate: validators.serve_axon,
    },
    serve_prometheus: {
      index: 5,
      args: endpointArgs,
      docs: [" Publishes the caller's (hotkey) prometheus endpoint on a subnet."],
      weight: serveWeight,
      paysFee: false,
      dispatch: (ctx, origin, a) => {
        servePrometheus(ctx, ensureSigned(origin), a);
        return undefined;
      },
      validate: validators.serve_prometheus,
    },
    register: {
      index: 6,
      args: {
        netuid,
        block_number: f(u64, 'u64'),
        nonce: f(u64, 'u64'),
        work: f(bytes, 'Vec<u8>'),
        hotkey: accountId,
        coldkey: accountId,
      },
      docs: [
        ' Registers a hotkey on a subnet, exactly as `burned_register` (the proof-of-work fields are ignored).',
      ],
      weight: () => 100_000_000n + dbWeight(30, 24),
      dispatch: (ctx, origin, a: { netuid: number; hotkey: Uint8Array }) => {
        burnedRegister(ctx, ensureSigned(origin), a.netuid, a.hotkey);
        return undefined;
      },
    },
    burned_register: {
      index: 7,
      args: { netuid, hotkey: accountId },
      docs: [' Registers a hotkey on a subnet for the caller (coldkey), burning the registration price.'],
      weight: () => 100_000_000n + dbWeight(30, 24),
      dispatch: (ctx, origin, a: { netuid: number; hotkey: Uint8Array }) => {
        burnedRegister(ctx, ensureSigned(origin), a.netuid, a.hotkey);
        return undefined;
      },
    },
    register_network: {
      index: 59,
      args: { hotkey: accountId },
      docs: [' Creates a subnet owned by the caller (coldkey), locking the network registration cost.'],
      weight: () => 150_000_000n + dbWeight(40, 40),
      dispatch: (ctx, origin, a: { hotkey: Uint8Array }) => {
        registerNetwork(ctx, ensureSigned(origin), a.hotkey);
        return undefined;
      },
    },
    commit_weights: {
      index: 96,
      args: { netuid, commit_hash: f(H256, 'H256') },
      docs: [' Commits a hash of weights to reveal in a later epoch (commit-reveal).'],
      weight: () => 30_000_000n + dbWeight(7, 2),
      paysFee: false,
      dispatch: (ctx, origin, a: { netuid: number; commit_hash: Uint8Array }) => {
        commitWeights(ctx, ensureSigned(origin), a.netuid, a.commit_hash);
        return undefined;
      },
      validate: validators.commit_weights,
    },
    reveal_weights: {
      index: 97,
      args: { netuid, uids: u16s, values: u16s, salt: u16s, version_key: f(u64, 'u64') },
      docs: [' Reveals committed weights; they are set if the hash matches a commit due this epoch.'],
      weight: (a: { uids: number[] }) =>
        SET_WEIGHTS_BASE * 2n + PER_WEIGHT * BigInt(a.uids.length) + dbWeight(12, 3),
      paysFee: false,
      dispatch: (
        ctx,
        origin,
        a: { netuid: number; uids: number[]; values: number[]; salt: number[]; version_key: bigint },
      ) => {
        revealWeights(ctx, ensureSigned(origin), a.netuid, a.uids, a.values, a.salt, a.version_key);
        return undefined;
      },
      validate: validators.reveal_weights,
    },
  },
  events: subtensorEvents,
  errors: subtensorErrorDefs,
  storage: subtensorStorage,
  onInitialize: blockStep,
  apis: subtensorApis,
};
