/**
 * SubtensorModule's metadata constants: the subset of finney's (spec 424 lists 69) whose meaning exists on
 * this chain, with subtensor's names and types. Each `Initial*` constant is the default of the storage
 * item it names, so the storage defaults and the code read these values (`SUBTENSOR_CONSTANTS`) instead
 * of repeating the numbers.
 *
 * Left out, because the chain has no such mechanism: proof-of-work difficulty (Initial{,Min,Max}Difficulty),
 * burn/registration interval adjustment (InitialAdjustmentInterval/Alpha, InitialTargetRegistrationsPerInterval,
 * InitialMaxRegistrationsPerBlock, MinBurnUpperBound, MaxBurnLowerBound), owner-set tempo and activity-cutoff
 * factor bounds (MinTempo, MaxTempo, Min/MaxActivityCutoffFactorMilli), the emission ratio of the root
 * network era (InitialEmissionValue), uid trimming and pruning (InitialMinAllowedUids,
 * InitialValidatorPruneLen, InitialScalingLawPower, MaxImmuneUidsPercentage), network immunity and
 * dissolution (InitialNetworkImmunityPeriod, InitialDissolveNetworkScheduleDuration), child keys and
 * delegate take limits (Initial{Min,Max,Default}ChildKeyTake, InitialMinDelegateTake,
 * InitialTx{,DelegateTake,ChildKeyTake}RateLimit), key swaps (KeySwapCost, KeySwapOnSubnetCost,
 * HotkeySwapOnSubnetInterval, InitialColdkeySwap{,Re}announcementDelay), start_call
 * (InitialStartCallDelay), leases (LeaseDividendsDistributionInterval), pallet accounts
 * (SubtensorPalletId, BurnAccountId) and the per-block epoch cap (InitialMaxEpochsPerBlock).
 */
import type { ConstantDef } from '../../pallet.js';
import { bool, i16, type Ty, u16, u64 } from '../../scale/ty.js';

const TAO = 1_000_000_000n;

/** The values, for code. Where the dev chain's value differs from finney's, `SUBTENSOR_CONSTANT_DEV_VALUES` says why. */
export const SUBTENSOR_CONSTANTS = {
  InitialIssuance: 0n,
  InitialMinAllowedWeights: 1024,
  // Finney 360: the dev chain uses subtensor's fast-runtime tempo, so an epoch comes every 11 blocks.
  InitialTempo: 10,
  InitialRAORecycledForRegistration: 0n,
  InitialBurn: 100_000_000n,
  InitialMaxBurn: 100n * TAO,
  InitialMinBurn: 500_000n,
  InitialMinStake: 2_000_000n,
  InitialBondsMovingAverage: 900_000n,
  InitialBondsPenalty: 65_535,
  InitialBondsResetOn: false,
  InitialRho: 10,
  InitialAlphaSigmoidSteepness: 1000,
  InitialKappa: 32_767,
  InitialMaxAllowedUids: 256,
  InitialImmunityPeriod: 4096,
  InitialActivityCutoff: 5000,
  InitialPruningScore: 65_535,
  InitialMaxAllowedValidators: 128,
  InitialDefaultDelegateTake: 11_796,
  InitialWeightsVersionKey: 0n,
  InitialServingRateLimit: 50n,
  InitialNetworkMinLockCost: 1000n * TAO,
  InitialSubnetOwnerCut: 11_796,
  InitialNetworkLockReductionInterval: 100_800n,
  // Finney 7200 blocks between subnet registrations; a dev chain registers subnets back to back.
  InitialNetworkRateLimit: 0n,
  AlphaHigh: 58_982,
  AlphaLow: 45_875,
  LiquidAlphaOn: false,
  Yuma3On: false,
  InitialTaoWeight: 971_718_665_099_567_868n,
  InitialEmaPriceHalvingPeriod: 201_600n,
} as const;

type Name = keyof typeof SUBTENSOR_CONSTANTS;

/** Constants whose dev-chain value differs from finney's, and why (the parity check requires a reason). */
export const SUBTENSOR_CONSTANT_DEV_VALUES: Partial<Record<Name, string>> = {
  InitialTempo:
    "subtensor's fast-runtime tempo (10) so a dev subnet runs an epoch every 11 blocks; finney 360",
  InitialNetworkRateLimit: 'no rate limit between subnet registrations on a dev chain; finney 7200 blocks',
};

const def = (ty: Ty<any>, name: Name, doc: string): [Name, ConstantDef] => [
  name,
  { ty, value: SUBTENSOR_CONSTANTS[name], docs: [` ${doc}`] },
];

/** `PalletDef.constants` of SubtensorModule, in finney's order. */
export const subtensorConstants: Record<string, ConstantDef> = Object.fromEntries([
  def(u64, 'InitialIssuance', 'Initial currency issuance.'),
  def(u16, 'InitialMinAllowedWeights', 'Initial min allowed weights setting.'),
  def(u16, 'InitialTempo', 'Tempo for each network.'),
  def(u64, 'InitialRAORecycledForRegistration', 'Initial RAO Recycled.'),
  def(u64, 'InitialBurn', 'Initial Burn.'),
  def(u64, 'InitialMaxBurn', 'Initial Max Burn.'),
  def(u64, 'InitialMinBurn', 'Initial Min Burn.'),
  def(u64, 'InitialMinStake', 'Initial minimum stake.'),
  def(u64, 'InitialBondsMovingAverage', 'Initial bonds moving average.'),
  def(u16, 'InitialBondsPenalty', 'Initial bonds penalty.'),
  def(bool, 'InitialBondsResetOn', 'Initial bonds reset.'),
  def(u16, 'InitialRho', 'Rho constant.'),
  def(i16, 'InitialAlphaSigmoidSteepness', 'AlphaSigmoidSteepness constant.'),
  def(u16, 'InitialKappa', 'Kappa constant.'),
  def(u16, 'InitialMaxAllowedUids', 'Initial maximum allowed network UIDs'),
  def(u16, 'InitialImmunityPeriod', 'Immunity Period Constant.'),
  def(u16, 'InitialActivityCutoff', 'Activity constant.'),
  def(u16, 'InitialPruningScore', 'Initial pruning score for each neuron.'),
  def(u16, 'InitialMaxAllowedValidators', 'Initial maximum allowed validators per network.'),
  def(u16, 'InitialDefaultDelegateTake', 'Initial default delegation take.'),
  def(u64, 'InitialWeightsVersionKey', 'Initial weights version key.'),
  def(u64, 'InitialServingRateLimit', 'Initial serving rate limit.'),
  def(u64, 'InitialNetworkMinLockCost', 'Initial network minimum burn cost'),
  def(u16, 'InitialSubnetOwnerCut', 'Initial network subnet cut.'),
  def(u64, 'InitialNetworkLockReductionInterval', 'Initial lock reduction interval.'),
  def(u64, 'InitialNetworkRateLimit', 'Initial network creation rate limit'),
  def(u16, 'AlphaHigh', 'The upper bound for the alpha parameter. Used for Liquid Alpha.'),
  def(u16, 'AlphaLow', 'The lower bound for the alpha parameter. Used for Liquid Alpha.'),
  def(bool, 'LiquidAlphaOn', 'A flag to indicate if Liquid Alpha is enabled.'),
  def(bool, 'Yuma3On', 'A flag to indicate if Yuma3 is enabled.'),
  def(u64, 'InitialTaoWeight', 'Initial TAO weight.'),
  def(u64, 'InitialEmaPriceHalvingPeriod', 'Initial EMA price halving period'),
]);
