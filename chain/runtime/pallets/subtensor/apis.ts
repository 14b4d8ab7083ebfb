/**
 * Runtime APIs clients use to read a subnet (`api.call.neuronInfoRuntimeApi.getNeuronsLite(netuid)`):
 * `NeuronInfoRuntimeApi` and `SubnetInfoRuntimeApi.get_subnet_hyperparams_v2`, with subtensor's struct
 * layouts. `rank`/`trust` are 0 and `pruning_score` 65535, as subtensor reports them since their removal.
 */

import * as $ from 'scale-ts';
import type { StateView } from '../../interface.js';
import type { PalletApi } from '../../pallet.js';
import { decodeExact, option, u16, vec } from '../../scale/ty.js';
import { swapApis } from './apis-swap.js';
import { SUBTENSOR_CONSTANTS } from './constants.js';
import { subnetExists } from './neurons.js';
import {
  Active,
  ActivityCutoff,
  AlphaSigmoidSteepness,
  AlphaValues,
  Axons,
  Bonds,
  BondsMovingAverage,
  CommitRevealWeightsEnabled,
  Consensus,
  Dividends,
  Emission,
  ImmunityPeriod,
  Incentive,
  Kappa,
  Keys,
  LastUpdate,
  LiquidAlphaOn,
  MaxAllowedValidators,
  MaxBurn,
  MaxWeightsLimit,
  MinAllowedWeights,
  MinBurn,
  NetworkRegistrationAllowed,
  Owner,
  Prometheus,
  RevealPeriodEpochs,
  Rho,
  ServingRateLimit,
  SubnetworkN,
  Tempo,
  TotalHotkeyAlpha,
  ValidatorPermit,
  ValidatorTrust,
  Weights,
  WeightsSetRateLimit,
  WeightsVersionKey,
  Yuma3On,
} from './storage.js';
import { emptyAxon, emptyPrometheus, NeuronInfo, NeuronInfoLite, SubnetHyperparamsV2 } from './types.js';

/** The fields `NeuronInfoLite` and `NeuronInfo` share, for one uid. */
function neuronLite(state: StateView, netuid: number, uid: number) {
  const hotkey = Keys.get(state, netuid, uid);
  const coldkey = Owner.get(state, hotkey);
  const at = <T>(v: T[], fill: T): T => v[uid] ?? fill;
  return {
    hotkey,
    coldkey,
    uid,
    netuid,
    active: at(Active.get(state, netuid), true),
    axon_info: Axons.tryGet(state, netuid, hotkey) ?? emptyAxon(),
    prometheus_info: Prometheus.tryGet(state, netuid, hotkey) ?? emptyPrometheus(),
    // subtensor reports a single (coldkey, hotkey's alpha on the subnet) entry.
    stake: [[coldkey, TotalHotkeyAlpha.get(state, hotkey, netuid)]] as [Uint8Array, bigint][],
    rank: 0,
    emission: at(Emission.get(state, netuid), 0n),
    incentive: at(Incentive.get(state, netuid), 0),
    consensus: at(Consensus.get(state, netuid), 0),
    trust: 0,
    validator_trust: at(ValidatorTrust.get(state, netuid), 0),
    dividends: at(Dividends.get(state, netuid), 0),
    last_update: at(LastUpdate.get(state, netuid), 0n),
    validator_permit: at(ValidatorPermit.get(state, netuid), false),
    pruning_score: SUBTENSOR_CONSTANTS.InitialPruningScore,
  };
}

function neuronFull(state: StateView, netuid: number, uid: number) {
  return {
    ...neuronLite(state, netuid, uid),
    weights: Weights.get(state, netuid, uid),
    bonds: Bonds.get(state, netuid, uid),
  };
}

function hyperparams(state: StateView, netuid: number) {
  const [alphaLow, alphaHigh] = AlphaValues.get(state, netuid);
  return {
    rho: Rho.get(state, netuid),
    kappa: Kappa.get(state, netuid),
    immunity_period: ImmunityPeriod.get(state, netuid),
    min_allowed_weights: MinAllowedWeights.get(state, netuid),
    max_weights_limit: MaxWeightsLimit.get(state, netuid),
    tempo: Tempo.get(state, netuid),
    min_difficulty: 0n,
    max_difficulty: 0n,
    weights_version: WeightsVersionKey.get(state, netuid),
    weights_rate_limit: WeightsSetRateLimit.get(state, netuid),
    adjustment_interval: 0,
    activity_cutoff: BigInt(ActivityCutoff.get(state, netuid)),
    registration_allowed: NetworkRegistrationAllowed.get(state, netuid),
    target_regs_per_interval: 0,
    min_burn: MinBurn.get(state, netuid),
    max_burn: MaxBurn.get(state, netuid),
    bonds_moving_avg: BondsMovingAverage.get(state, netuid),
    max_regs_per_block: 0,
    serving_rate_limit: ServingRateLimit.get(state, netuid),
    max_validators: MaxAllowedValidators.get(state, netuid),
    adjustment_alpha: 0n,
    difficulty: 0n,
    commit_reveal_period: RevealPeriodEpochs.get(state, netuid),
    commit_reveal_weights_enabled: CommitRevealWeightsEnabled.get(state, netuid),
    alpha_high: alphaHigh,
    alpha_low: alphaLow,
    liquid_alpha_enabled: LiquidAlphaOn.get(state, netuid),
    alpha_sigmoid_steepness: { bits: BigInt(AlphaSigmoidSteepness.get(state, netuid)) << 32n },
    yuma_version: Yuma3On.get(state, netuid) ? 3 : 2,
    subnet_is_active: true,
    transfers_enabled: true,
    bonds_reset_enabled: false,
    user_liquidity_enabled: false,
  };
}

const netuidArg = $.u16;
const netuidUidArgs = $.Tuple($.u16, $.u16);
const neuronsLite = vec(NeuronInfoLite);
const neurons = vec(NeuronInfo);
const maybeNeuronLite = option(NeuronInfoLite);
const maybeNeuron = option(NeuronInfo);
const maybeHyperparams = option(SubnetHyperparamsV2);

const uidsOf = (state: StateView, netuid: number) =>
  subnetExists(state, netuid) ? Array.from({ length: SubnetworkN.get(state, netuid) }, (_, i) => i) : [];
const hasUid = (state: StateView, netuid: number, uid: number) =>
  subnetExists(state, netuid) && uid < SubnetworkN.get(state, netuid);

export const subtensorApis: PalletApi[] = [
  {
    name: 'NeuronInfoRuntimeApi',
    version: 1,
    methods: [
      { name: 'get_neurons', inputs: [{ name: 'netuid', ty: u16 }], output: neurons },
      {
        name: 'get_neuron',
        inputs: [
          { name: 'netuid', ty: u16 },
          { name: 'uid', ty: u16 },
        ],
        output: maybeNeuron,
      },
      { name: 'get_neurons_lite', inputs: [{ name: 'netuid', ty: u16 }], output: neuronsLite },
      {
        name: 'get_neuron_lite',
        inputs: [
          { name: 'netuid', ty: u16 },
          { name: 'uid', ty: u16 },
        ],
        output: maybeNeuronLite,
      },
    ],
    impl: {
      get_neurons: (state, args) => {
        const netuid = decodeExact(netuidArg, args, 'netuid');
        return neurons.codec.enc(uidsOf(state, netuid).map((uid) => neuronFull(state, netuid, uid)) as never);
      },
      get_neuron: (state, args) => {
        const [netuid, uid] = decodeExact(netuidUidArgs, args, 'netuid, uid');
        return maybeNeuron.codec.enc(
          hasUid(state, netuid, uid) ? (neuronFull(state, netuid, uid) as never) : undefined,
        );
      },
      get_neurons_lite: (state, args) => {
        const netuid = decodeExact(netuidArg, args, 'netuid');
        return neuronsLite.codec.enc(
          uidsOf(state, netuid).map((uid) => neuronLite(state, netuid, uid)) as never,
        );
      },
      get_neuron_lite: (state, args) => {
        const [netuid, uid] = decodeExact(netuidUidArgs, args, 'netuid, uid');
        return maybeNeuronLite.codec.enc(
          hasUid(state, netuid, uid) ? (neuronLite(state, netuid, uid) as never) : undefined,
        );
      },
    },
  },
  {
    name: 'SubnetInfoRuntimeApi',
    version: 2, // finney spec 424
    methods: [
      {
        name: 'get_subnet_hyperparams_v2',
        inputs: [{ name: 'netuid', ty: u16 }],
        output: maybeHyperparams,
        // As finney spec 424 (metadata V16); v3 is not served here.
        deprecated: { note: 'Use `get_subnet_hyperparams_v3` instead.' },
      },
    ],
    impl: {
      get_subnet_hyperparams_v2: (state, args) => {
        const netuid = decodeExact(netuidArg, args, 'netuid');
        return maybeHyperparams.codec.enc(
          subnetExists(state, netuid) ? (hyperparams(state, netuid) as never) : undefined,
        );
      },
    },
  },
  ...swapApis,
];
