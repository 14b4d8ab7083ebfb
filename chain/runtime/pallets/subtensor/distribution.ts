/**
 * The epoch half of subtensor's coinbase (`drain_pending`, `distribute_emission`,
 * `calculate_dividend_distribution`, `distribute_dividends_and_incentives`): the subnet's pending alpha
 * runs through Yuma, then the owner cut goes to the owner's hotkey, miners' incentive to each miner's
 * coldkey (incentive of the owner's own hotkeys is burned or recycled), and the pending validator alpha to
 * validators in proportion to their Yuma dividends, less each hotkey's take which its owner keeps.
 */
import { u8aEq } from '@polkadot/util';
import type { EpochInput, EpochOutput } from '../../../yuma/index.js';
import { runEpoch } from '../../../yuma/index.js';
import type { StateView } from '../../interface.js';
import type { DispatchContext } from '../../pallet.js';
import type { Overlay } from '../../storage.js';
import { recycleAlpha } from './emission.js';
import { isEpochBlock, uidOf } from './neurons.js';
import { stakeWeights } from './stake-weight.js';
import { creditHotkey, increaseStake } from './staking.js';
import {
  Active,
  ActivityCutoff,
  AlphaSigmoidSteepness,
  AlphaValues,
  BlockAtRegistration,
  BlocksSinceLastStep,
  Bonds,
  BondsMovingAverage,
  BondsPenalty,
  CommitRevealWeightsEnabled,
  Consensus,
  Dividends,
  Emission,
  Incentive,
  Kappa,
  Keys,
  LastMechansimStepBlock,
  LastUpdate,
  LiquidAlphaOn,
  MaxAllowedValidators,
  OwnedHotkeys,
  Owner,
  PendingOwnerCut,
  PendingServerEmission,
  PendingValidatorEmission,
  StakeThreshold,
  StakeWeight,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetworkN,
  Tempo,
  TotalHotkeyAlpha,
  ValidatorPermit,
  ValidatorTrust,
  Weights,
  Yuma3On,
} from './storage.js';
import {
  AlphaDividendsPerSubnet,
  Delegates,
  MinerBurned,
  PendingRootAlphaDivs,
  RecycleOrBurn,
  TotalHotkeyAlphaLastEpoch,
} from './storage-emission.js';
import { subtensorEvent } from './types.js';
import { earliestActiveCommitBlocks, maskWeightsCommittedBeforeRegistration } from './weights.js';

/** What a subnet's epoch distributes (alpha rao), drained from the pending buckets. */
export interface PendingAlpha {
  server: bigint;
  validator: bigint;
  root: bigint;
  ownerCut: bigint;
}

/**
 * `drain_pending` for one subnet: counts the block, and on its epoch block empties the pending buckets
 * and returns them (undefined on other blocks).
 */
export function drainPending(state: Overlay, netuid: number, block: number): PendingAlpha | undefined {
  BlocksSinceLastStep.put(state, BlocksSinceLastStep.get(state, netuid) + 1n, netuid);
  if (!isEpochBlock(netuid, Tempo.get(state, netuid), block)) return undefined;
  BlocksSinceLastStep.put(state, 0n, netuid);
  const pending = {
    server: PendingServerEmission.get(state, netuid),
    validator: PendingValidatorEmission.get(state, netuid),
    root: PendingRootAlphaDivs.get(state, netuid),
    ownerCut: PendingOwnerCut.get(state, netuid),
  };
  PendingServerEmission.put(state, 0n, netuid);
  PendingValidatorEmission.put(state, 0n, netuid);
  PendingRootAlphaDivs.put(state, 0n, netuid);
  PendingOwnerCut.put(state, 0n, netuid);
  return pending;
}

/** The stored weight rows, with commit-reveal's registration mask (step 5d) when it is enabled. */
function epochWeights(
  state: StateView,
  netuid: number,
  block: number,
  hotkeys: readonly Uint8Array[],
  registeredAt: readonly bigint[],
) {
  const rows = hotkeys.map((_, uid) => Weights.get(state, netuid, uid));
  if (!CommitRevealWeightsEnabled.get(state, netuid)) return rows;
  const commits = earliestActiveCommitBlocks(state, netuid, block, hotkeys);
  return maskWeightsCommittedBeforeRegistration(rows, commits, registeredAt);
}

/** Reads the subnet's storage into the epoch's input. */
export function epochInput(state: StateView, netuid: number, block: number, raoEmission: bigint): EpochInput {
  const n = SubnetworkN.get(state, netuid);
  const tempo = Tempo.get(state, netuid);
  const lastStep = LastMechansimStepBlock.get(state, netuid);
  const hotkeys = Array.from({ length: n }, (_, uid) => Keys.get(state, netuid, uid));
  const pad = <T>(v: T[], fill: T): T[] => Array.from({ length: n }, (_, i) => v[i] ?? fill);
  const [alphaLow, alphaHigh] = AlphaValues.get(state, netuid);
  const owner = uidOf(state, netuid, SubnetOwnerHotkey.get(state, netuid));
  const registeredAt = hotkeys.map((_, uid) => BlockAtRegistration.get(state, netuid, uid));
  return {
    currentBlock: block,
    lastTempoBlock: lastStep > 0n ? Number(lastStep) + 1 : Math.max(0, block - tempo),
    stake: stakeWeights(state, netuid).total,
    lastUpdate: pad(LastUpdate.get(state, netuid), 0n).map(Number),
    blockAtRegistration: registeredAt.map(Number),
    validatorPermit: pad(ValidatorPermit.get(state, netuid), false),
    weights: epochWeights(state, netuid, block, hotkeys, registeredAt),
    bonds: hotkeys.map((_, uid) => Bonds.get(state, netuid, uid)),
    hyperparams: {
      kappa: Kappa.get(state, netuid),
      bondsMovingAverage: BondsMovingAverage.get(state, netuid),
      bondsPenalty: BondsPenalty.get(state, netuid),
      activityCutoff: ActivityCutoff.get(state, netuid),
      maxAllowedValidators: MaxAllowedValidators.get(state, netuid),
      yuma3: Yuma3On.get(state, netuid),
      liquidAlpha: LiquidAlphaOn.get(state, netuid),
      alphaLow,
      alphaHigh,
      alphaSigmoidSteepness: AlphaSigmoidSteepness.get(state, netuid),
    },
    raoEmission,
    stakeThreshold: StakeThreshold.get(state),
    ownerUid: owner,
  };
}

function writeOutputs(state: Overlay, netuid: number, out: EpochOutput): void {
  Active.put(state, out.active, netuid);
  StakeWeight.put(state, out.stakeWeight, netuid);
  Incentive.put(state, out.incentive, netuid);
  Dividends.put(state, out.dividends, netuid);
  Consensus.put(state, out.consensus, netuid);
  ValidatorTrust.put(state, out.validatorTrust, netuid);
  ValidatorPermit.put(state, out.validatorPermit, netuid);
  Emission.put(state, out.emission, netuid);
  out.bonds.forEach((row, uid) => {
    if (row.uids.length === 0) Bonds.remove(state, netuid, uid);
    else
      Bonds.put(
        state,
        Array.from(row.uids, (u, k) => [u, row.values[k]!] as [number, number]),
        netuid,
        uid,
      );
  });
}

/** `get_owner_hotkeys`: the owner's hotkey and the owner coldkey's other hotkeys registered on the subnet. */
export function ownerHotkeys(state: StateView, netuid: number): Uint8Array[] {
  const owned = OwnedHotkeys.get(state, SubnetOwner.get(state, netuid)).filter(
    (h) => uidOf(state, netuid, h) !== undefined,
  );
  const ownerHotkey = SubnetOwnerHotkey.get(state, netuid);
  if (uidOf(state, netuid, ownerHotkey) !== undefined && !owned.some((h) => u8aEq(h, ownerHotkey)))
    owned.unshift(ownerHotkey);
  return owned;
}

/**
 * `calculate_dividend_distribution` without root stake: each validator's share of `pending` is its Yuma
 * dividend over their sum (U96F32 as subtensor), returned as U96F32 bits per uid.
 */
export function dividendShares(dividends: readonly bigint[], pending: bigint): bigint[] {
  const total = dividends.reduce((a, b) => a + b, 0n);
  return dividends.map((d) => (total === 0n ? 0n : pending * ((d << 32n) / total)));
}

/** `distribute_emission`: runs the subnet's epoch on its drained alpha and pays it out as stake. */
export function distributeEmission(ctx: DispatchContext, netuid: number, pending: PendingAlpha): void {
  const s = ctx.state;
  const out = runEpoch(
    epochInput(s, netuid, ctx.blockNumber, pending.server + pending.validator + pending.root),
  );
  writeOutputs(s, netuid, out);
  const hotkeys = out.emission.map((_, uid) => Keys.get(s, netuid, uid));

  // Owner cut: stake on the owner's hotkey for the owner's coldkey.
  increaseStake(
    s,
    SubnetOwnerHotkey.get(s, netuid),
    SubnetOwner.get(s, netuid),
    netuid,
    pending.ownerCut,
    false,
  );

  // Miners' incentive; the owner's own hotkeys earn none (burned, or recycled out of SubnetAlphaOut).
  const owners = ownerHotkeys(s, netuid);
  const recycle = RecycleOrBurn.get(s, netuid).tag === 'Recycle';
  let total = 0n;
  let withheld = 0n;
  hotkeys.forEach((hotkey, uid) => {
    const incentive = out.serverEmission[uid]!;
    total += incentive;
    if (incentive === 0n) return;
    if (owners.some((h) => u8aEq(h, hotkey))) {
      withheld += incentive;
      if (recycle) recycleAlpha(s, netuid, incentive);
      return;
    }
    increaseStake(s, hotkey, Owner.get(s, hotkey), netuid, incentive, false);
  });
  MinerBurned.put(s, { bits: total === 0n ? 0n : ((withheld << 32n) / total) << 32n }, netuid);

  // Validators: all pending validator alpha (plus the miners' when no miner earned incentive), by dividend.
  const validatorAlpha = total === 0n ? pending.validator + pending.server : pending.validator;
  const shares = dividendShares(out.validatorEmission, validatorAlpha);
  for (const key of s.keys(AlphaDividendsPerSubnet.prefixOf(netuid))) s.set(key, null);
  hotkeys.forEach((hotkey, uid) => {
    const divs = shares[uid]!;
    if (divs === 0n) return;
    const take = (divs * ((BigInt(Delegates.get(s, hotkey)) << 32n) / 65_535n)) >> 32n;
    increaseStake(s, hotkey, Owner.get(s, hotkey), netuid, take >> 32n, false);
    const rest = (divs - take) >> 32n;
    creditHotkey(s, hotkey, netuid, rest);
    AlphaDividendsPerSubnet.put(s, AlphaDividendsPerSubnet.get(s, netuid, hotkey) + rest, netuid, hotkey);
    TotalHotkeyAlphaLastEpoch.put(s, TotalHotkeyAlpha.get(s, hotkey, netuid), hotkey, netuid);
  });
  LastMechansimStepBlock.put(s, BigInt(ctx.blockNumber), netuid);
  ctx.deposit(subtensorEvent('IncentiveAlphaEmittedToMiners', { netuid, emissions: out.serverEmission }));
}
