/** SubtensorModule events: names, indices and field types as in finney's metadata (spec 424). */
import { AccountId32, H256 } from '../../scale/substrate.js';
import { bool, type FieldSpec, i16, u16, u64, type VariantSpec, vec } from '../../scale/ty.js';

const netuid: FieldSpec = { ty: u16, typeName: 'NetUid' };
const accountId: FieldSpec = { ty: AccountId32, typeName: 'T::AccountId' };
const f = (ty: FieldSpec['ty'], typeName: string): FieldSpec => ({ ty, typeName });

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
  RegistrationAllowed: setEvent(50, bool, 'bool', 'registration is allowed/disallowed for a subnet.'),
  TempoSet: setEvent(52, u16, 'u16', 'setting tempo on a network'),
  SubnetOwnerCutSet: ev(57, [f(u16, 'u16')], 'the subnet owner cut is set.'),
  NetworkMinLockCostSet: ev(61, [f(u64, 'TaoBalance')], 'the network minimum locking cost is set.'),
  StakeThresholdSet: ev(54, [f(u64, 'u64')], 'min stake is set for validators to set weights.'),
  WeightsCommitted: ev(
    85,
    [accountId, f(u16, 'NetUidStorageIndex'), f(H256, 'H256')],
    'Weights have been successfully committed.',
  ),
  WeightsRevealed: ev(
    86,
    [accountId, f(u16, 'NetUidStorageIndex'), f(H256, 'H256')],
    'Weights have been successfully revealed.',
  ),
  CommitRevealPeriodsSet: setEvent(100, u64, 'u64', 'Commit-Reveal periods has been successfully set.'),
  CommitRevealEnabled: setEvent(101, bool, 'bool', 'Commit-Reveal has been successfully toggled.'),
  CommitRevealVersionSet: ev(106, [f(u16, 'u16')], 'Commit Reveal Weights version has been updated.'),
  TimelockedWeightsCommitted: ev(
    107,
    [accountId, f(u16, 'NetUidStorageIndex'), f(H256, 'H256'), f(u64, 'u64')],
    'Timelocked weights have been successfully committed.',
  ),
  TimelockedWeightsRevealed: ev(
    108,
    [f(u16, 'NetUidStorageIndex'), accountId],
    'Timelocked Weights have been successfully revealed.',
  ),
  IncentiveAlphaEmittedToMiners: {
    index: 110,
    fields: {
      netuid: f(u16, 'NetUidStorageIndex'),
      emissions: f(vec(u64), 'Vec<AlphaBalance>'),
    },
    docs: [' End-of-epoch miner incentive alpha by UID'],
  },
};
