import { dbWeight } from '../config.js';
import { moduleError, type PalletDef, palletEvent } from '../pallet.js';
import { bool, i16, u16, u64 } from '../scale/ty.js';
import {
  ADMIN_UTILS,
  ensureAllowed,
  ensureSubnet,
  globalSetter,
  netuidField,
  subnetSetter,
} from './admin-utils-setters.js';
import { adminUtilsWeightCalls } from './admin-utils-weights.js';
import { ensure } from './subtensor/errors.js';
import {
  ActivityCutoff,
  AlphaSigmoidSteepness,
  AlphaValues,
  BondsMovingAverage,
  BondsPenalty,
  CommitRevealWeightsEnabled,
  ImmunityPeriod,
  Kappa,
  LiquidAlphaOn,
  MaxAllowedUids,
  MaxAllowedValidators,
  MaxBurn,
  MinAllowedWeights,
  MinBurn,
  NetworkMinLockCost,
  NetworkRateLimit,
  NetworkRegistrationAllowed,
  RevealPeriodEpochs,
  Rho,
  ServingRateLimit,
  StakeThreshold,
  SubnetOwnerCut,
  SubnetworkN,
  Tempo,
  WeightsSetRateLimit,
  WeightsVersionKey,
  Yuma3On,
} from './subtensor/storage.js';
import { MAX_UIDS_LIMIT } from './subtensor/types.js';

/** Lowest activity cutoff an owner may set (`MinActivityCutoff`). */
const MIN_ACTIVITY_CUTOFF = 360;
/** Highest bonds moving average a subnet owner may set. */
const OWNER_MAX_BONDS_MOVING_AVERAGE = 975_000n;
/** `alpha_high` must be at least 0.8 (`u16::MAX * 4 / 5`). */
const MIN_ALPHA_HIGH = 52_428;

export const adminUtilsPallet: PalletDef = {
  name: ADMIN_UTILS.name,
  index: ADMIN_UTILS.index,
  crate: 'pallet_admin_utils',
  docs: [' AdminUtils: root (and subnet owner) setters of subnet hyperparameters.'],
  calls: {
    ...adminUtilsWeightCalls,
    sudo_set_serving_rate_limit: subnetSetter({
      index: 3,
      arg: 'serving_rate_limit',
      ty: u64,
      typeName: 'u64',
      who: 'owner',
      item: ServingRateLimit,
      event: 'ServingRateLimitSet',
      docs: 'The extrinsic sets the serving rate limit for a subnet.',
    }),
    sudo_set_weights_version_key: subnetSetter({
      index: 6,
      arg: 'weights_version_key',
      ty: u64,
      typeName: 'u64',
      who: 'owner',
      item: WeightsVersionKey,
      event: 'WeightsVersionKeySet',
      docs: 'The extrinsic sets the weights version key for a subnet.',
    }),
    sudo_set_weights_set_rate_limit: subnetSetter({
      index: 7,
      arg: 'weights_set_rate_limit',
      ty: u64,
      typeName: 'u64',
      who: 'root',
      item: WeightsSetRateLimit,
      event: 'WeightsSetRateLimitSet',
      docs: 'The extrinsic sets the weights set rate limit for a subnet.',
    }),
    sudo_set_immunity_period: subnetSetter({
      index: 13,
      arg: 'immunity_period',
      ty: u16,
      typeName: 'u16',
      who: 'owner',
      item: ImmunityPeriod,
      event: 'ImmunityPeriodSet',
      docs: 'The extrinsic sets the immunity period for a subnet.',
    }),
    sudo_set_min_allowed_weights: subnetSetter({
      index: 14,
      arg: 'min_allowed_weights',
      ty: u16,
      typeName: 'u16',
      who: 'owner',
      item: MinAllowedWeights,
      event: 'MinAllowedWeightSet',
      docs: 'The extrinsic sets the minimum allowed weights for a subnet.',
    }),
    sudo_set_max_allowed_uids: subnetSetter({
      index: 15,
      arg: 'max_allowed_uids',
      ty: u16,
      typeName: 'u16',
      who: 'root',
      item: MaxAllowedUids,
      event: 'MaxAllowedUidsSet',
      check: (ctx, netuid, value) => {
        if (value > MAX_UIDS_LIMIT)
          throw moduleError(adminUtilsPallet, 'MaxAllowedUidsGreaterThanDefaultMaxAllowedUids');
        if (SubnetworkN.get(ctx.state, netuid) > value)
          throw moduleError(adminUtilsPallet, 'MaxAllowedUIdsLessThanCurrentUIds');
      },
      docs: 'The extrinsic sets the maximum allowed UIDs for a subnet.',
    }),
    sudo_set_kappa: subnetSetter({
      index: 16,
      arg: 'kappa',
      ty: u16,
      typeName: 'u16',
      who: 'owner',
      item: Kappa,
      event: 'KappaSet',
      docs: 'The extrinsic sets the kappa for a subnet.',
    }),
    sudo_set_rho: subnetSetter({
      index: 17,
      arg: 'rho',
      ty: u16,
      typeName: 'u16',
      who: 'owner',
      item: Rho,
      event: 'RhoSet',
      docs: 'The extrinsic sets the rho for a subnet.',
    }),
    sudo_set_activity_cutoff: subnetSetter({
      index: 18,
      arg: 'activity_cutoff',
      ty: u16,
      typeName: 'u16',
      who: 'owner',
      item: ActivityCutoff,
      event: 'ActivityCutoffSet',
      check: (_ctx, _netuid, value) => ensure(value >= MIN_ACTIVITY_CUTOFF, 'ActivityCutoffTooLow'),
      docs: 'The extrinsic sets the activity cutoff for a subnet.',
    }),
    sudo_set_network_registration_allowed: subnetSetter({
      index: 19,
      arg: 'registration_allowed',
      ty: bool,
      typeName: 'bool',
      who: 'root',
      item: NetworkRegistrationAllowed,
      event: 'RegistrationAllowed',
      docs: 'The extrinsic sets the network registration allowed for a subnet.',
    }),
    sudo_set_min_burn: subnetSetter({
      index: 22,
      arg: 'min_burn',
      ty: u64,
      typeName: 'TaoBalance',
      who: 'owner',
      item: MinBurn,
      event: 'MinBurnSet',
      docs: 'The extrinsic sets the minimum burn for a subnet.',
    }),
    sudo_set_max_burn: subnetSetter({
      index: 23,
      arg: 'max_burn',
      ty: u64,
      typeName: 'TaoBalance',
      who: 'owner',
      item: MaxBurn,
      event: 'MaxBurnSet',
      docs: 'The extrinsic sets the maximum burn for a subnet.',
    }),
    sudo_set_max_allowed_validators: subnetSetter({
      index: 25,
      arg: 'max_allowed_validators',
      ty: u16,
      typeName: 'u16',
      who: 'root',
      item: MaxAllowedValidators,
      event: 'MaxAllowedValidatorsSet',
      check: (ctx, netuid, value) => {
        if (value > MaxAllowedUids.get(ctx.state, netuid))
          throw moduleError(adminUtilsPallet, 'MaxValidatorsLargerThanMaxUIds');
      },
      docs: 'The extrinsic sets the maximum allowed validators for a subnet.',
    }),
    sudo_set_bonds_moving_average: subnetSetter({
      index: 26,
      arg: 'bonds_moving_average',
      ty: u64,
      typeName: 'u64',
      who: 'owner',
      item: BondsMovingAverage,
      event: 'BondsMovingAverageSet',
      check: (_ctx, _netuid, value, by) => {
        if (by === 'owner' && value > OWNER_MAX_BONDS_MOVING_AVERAGE)
          throw moduleError(adminUtilsPallet, 'BondsMovingAverageMaxReached');
      },
      docs: 'The extrinsic sets the bonds moving average for a subnet.',
    }),
    sudo_set_subnet_owner_cut: globalSetter(
      28,
      'subnet_owner_cut',
      u16,
      'u16',
      SubnetOwnerCut,
      'SubnetOwnerCutSet',
      'The extrinsic sets the subnet owner cut.',
    ),
    sudo_set_network_rate_limit: globalSetter(
      29,
      'rate_limit',
      u64,
      'u64',
      NetworkRateLimit,
      undefined,
      'The extrinsic sets the network rate limit.',
    ),
    sudo_set_tempo: subnetSetter({
      index: 30,
      arg: 'tempo',
      ty: u16,
      typeName: 'u16',
      who: 'root',
      item: Tempo,
      event: 'TempoSet',
      docs: 'The extrinsic sets the tempo for a subnet.',
    }),
    sudo_set_network_min_lock_cost: globalSetter(
      36,
      'lock_cost',
      u64,
      'TaoBalance',
      NetworkMinLockCost,
      'NetworkMinLockCostSet',
      'The extrinsic sets the network minimum lock cost.',
    ),
    sudo_set_stake_threshold: globalSetter(
      42,
      'min_stake',
      u64,
      'u64',
      StakeThreshold,
      'StakeThresholdSet',
      'The extrinsic sets the minimum stake required to set weights.',
    ),
    sudo_set_commit_reveal_weights_enabled: subnetSetter({
      index: 49,
      arg: 'enabled',
      ty: bool,
      typeName: 'bool',
      who: 'owner',
      item: CommitRevealWeightsEnabled,
      event: 'CommitRevealEnabled',
      docs: 'The extrinsic enables or disables commit-reveal of weights for a subnet.',
    }),
    sudo_set_liquid_alpha_enabled: subnetSetter({
      index: 50,
      arg: 'enabled',
      ty: bool,
      typeName: 'bool',
      who: 'owner',
      item: LiquidAlphaOn,
      docs: 'Enables or disables liquid alpha for a subnet.',
    }),
    sudo_set_alpha_values: {
      index: 51,
      args: {
        netuid: netuidField,
        alpha_low: { ty: u16, typeName: 'u16' },
        alpha_high: { ty: u16, typeName: 'u16' },
      },
      docs: [' Sets the liquid alpha bounds (alpha_low, alpha_high) of a subnet.'],
      weight: () => 10_000_000n + dbWeight(2, 1),
      dispatch: (ctx, origin, a: { netuid: number; alpha_low: number; alpha_high: number }) => {
        ensureAllowed(ctx, origin, a.netuid, 'owner');
        ensure(LiquidAlphaOn.get(ctx.state, a.netuid), 'LiquidAlphaDisabled');
        ensure(a.alpha_high >= MIN_ALPHA_HIGH, 'AlphaHighTooLow');
        ensure(a.alpha_low > 0 && a.alpha_low < MIN_ALPHA_HIGH, 'AlphaLowOutOfRange');
        AlphaValues.put(ctx.state, [a.alpha_low, a.alpha_high], a.netuid);
        return undefined;
      },
    },
    sudo_set_commit_reveal_weights_interval: subnetSetter({
      index: 57,
      arg: 'interval',
      ty: u64,
      typeName: 'u64',
      who: 'owner',
      item: RevealPeriodEpochs,
      event: 'CommitRevealPeriodsSet',
      check: (_ctx, _netuid, value) => {
        ensure(value <= 100n, 'RevealPeriodTooLarge');
        ensure(value >= 1n, 'RevealPeriodTooSmall');
      },
      docs: 'Sets the commit-reveal period (epochs between commit and reveal) of a subnet.',
    }),
    sudo_set_bonds_penalty: subnetSetter({
      index: 60,
      arg: 'bonds_penalty',
      ty: u16,
      typeName: 'u16',
      who: 'owner',
      item: BondsPenalty,
      event: 'BondsPenaltySet',
      docs: 'The extrinsic sets the bonds penalty for a subnet.',
    }),
    sudo_set_alpha_sigmoid_steepness: subnetSetter({
      index: 68,
      arg: 'steepness',
      ty: i16,
      typeName: 'i16',
      who: 'owner',
      item: AlphaSigmoidSteepness,
      event: 'AlphaSigmoidSteepnessSet',
      check: (_ctx, _netuid, value, by) => {
        if (by === 'owner' && value < 0) throw moduleError(adminUtilsPallet, 'NegativeSigmoidSteepness');
      },
      docs: 'Sets the liquid alpha sigmoid steepness of a subnet.',
    }),
    sudo_set_yuma3_enabled: {
      index: 69,
      args: { netuid: netuidField, enabled: { ty: bool, typeName: 'bool' } },
      docs: [' Enables or disables Yuma3 for a subnet.'],
      weight: () => 10_000_000n + dbWeight(2, 1),
      dispatch: (ctx, origin, a: { netuid: number; enabled: boolean }) => {
        ensureAllowed(ctx, origin, a.netuid, 'owner');
        ensureSubnet(ctx, a.netuid);
        Yuma3On.put(ctx.state, a.enabled, a.netuid);
        ctx.deposit(
          palletEvent(adminUtilsPallet, 'Yuma3EnableToggled', { netuid: a.netuid, enabled: a.enabled }),
        );
        return undefined;
      },
    },
  },
  events: {
    Yuma3EnableToggled: {
      index: 1,
      fields: { netuid: netuidField, enabled: { ty: bool, typeName: 'bool' } },
      docs: [' Event emitted when the Yuma3 enable is toggled.'],
    },
  },
  errors: ADMIN_UTILS.errors,
};
