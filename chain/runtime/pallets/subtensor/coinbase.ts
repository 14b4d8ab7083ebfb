/**
 * The per-block step (subtensor's `block_step` in `on_initialize`): block emission with its halving,
 * pending emission per subnet, and every `tempo` blocks the subnet's Yuma epoch (`runEpoch`) whose
 * outputs are written back to storage and whose emission is credited as stake.
 *
 * Simplifications (docs/subnet.md): every subnet gets an equal share of the block emission (all prices
 * are 1 in the single-token model); the owner cut and the epoch's miner/validator split are subtensor's.
 */
import { u8aEq } from '@polkadot/util';
import { createLogger } from '../../../../shared/logger.js';
import type { EpochInput, EpochOutput } from '../../../yuma/index.js';
import { runEpoch } from '../../../yuma/index.js';
import type { StateView } from '../../interface.js';
import type { DispatchContext } from '../../pallet.js';
import type { Overlay } from '../../storage.js';
import { TotalIssuance as BalancesIssuance } from '../balances.js';
import { isEpochBlock, uidOf } from './neurons.js';
import { creditHotkey, increaseStake } from './staking.js';
import {
  Active,
  ActivityCutoff,
  AlphaSigmoidSteepness,
  AlphaValues,
  BlockAtRegistration,
  BlockEmission,
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
  NetworksAdded,
  Owner,
  PendingOwnerCut,
  PendingServerEmission,
  PendingValidatorEmission,
  StakeThreshold,
  StakeWeight,
  SubnetOwner,
  SubnetOwnerCut,
  SubnetOwnerHotkey,
  SubnetworkN,
  Tempo,
  TotalHotkeyAlpha,
  TotalIssuance,
  TotalStake,
  ValidatorPermit,
  ValidatorTrust,
  Weights,
  Yuma3On,
} from './storage.js';
import { revealTimelockedCommits } from './timelock-commits.js';
import { subtensorEvent, TAO, TOTAL_SUPPLY } from './types.js';
import { earliestActiveCommitBlocks, maskWeightsCommittedBeforeRegistration } from './weights.js';

const log = createLogger({ name: 'subtensor' });

/**
 * `get_block_emission_for_issuance`: 1 TAO halved once per halving of the supply left,
 * `E = 1e9 / 2^floor(log2(1 / (1 − I / 21e15)))`, 0 once the supply is issued.
 */
export function blockEmission(issuance: bigint): bigint {
  if (issuance >= TOTAL_SUPPLY) return 0n;
  // Halvings = number of times the remaining supply has halved: remaining ≤ supply / 2^k.
  const remaining = TOTAL_SUPPLY - issuance;
  let halvings = 0n;
  while (remaining << (halvings + 1n) <= TOTAL_SUPPLY) halvings++;
  return TAO >> halvings;
}

/** Netuids of existing subnets, ascending (keys of `NetworksAdded`, Identity-hashed u16 LE). */
export function subnetIds(state: StateView): number[] {
  const prefix = NetworksAdded.prefixOf();
  const out: number[] = [];
  for (const key of state.keys(prefix)) {
    const hex = key.slice(prefix.length);
    const netuid = Number.parseInt(hex.slice(0, 2), 16) | (Number.parseInt(hex.slice(2, 4), 16) << 8);
    if (NetworksAdded.get(state, netuid)) out.push(netuid);
  }
  return out.sort((a, b) => a - b);
}

export function blockStep(ctx: DispatchContext): void {
  revealTimelockedCommits(ctx); // block_step 3: matured timelocked weights, before any epoch runs (H3)
  const s = ctx.state;
  const netuids = subnetIds(s);
  const issuance = BalancesIssuance.get(s) + TotalStake.get(s);
  TotalIssuance.put(s, issuance);
  if (netuids.length === 0) return;
  const emission = blockEmission(issuance);
  BlockEmission.put(s, emission);
  const share = emission / BigInt(netuids.length);
  const cut = BigInt(SubnetOwnerCut.get(s));
  for (const netuid of netuids) {
    const ownerCut = (share * cut) / 65_535n;
    const rest = share - ownerCut;
    const server = rest / 2n;
    PendingOwnerCut.put(s, PendingOwnerCut.get(s, netuid) + ownerCut, netuid);
    PendingServerEmission.put(s, PendingServerEmission.get(s, netuid) + server, netuid);
    PendingValidatorEmission.put(s, PendingValidatorEmission.get(s, netuid) + rest - server, netuid);
    BlocksSinceLastStep.put(s, BlocksSinceLastStep.get(s, netuid) + 1n, netuid);
    if (isEpochBlock(netuid, Tempo.get(s, netuid), ctx.blockNumber)) {
      try {
        s.begin();
        runSubnetEpoch(ctx, netuid);
        s.commit();
      } catch (err) {
        // A failing epoch must not halt the chain: its writes are dropped and the emission stays pending.
        s.rollback();
        log.error({ err, netuid, block: ctx.blockNumber }, 'epoch failed');
      }
    }
  }
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
    stake: hotkeys.map((h) => TotalHotkeyAlpha.get(state, h, netuid)),
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

/** One subnet epoch: drains the pending emission, runs Yuma, stores its outputs, pays out stake. */
export function runSubnetEpoch(ctx: DispatchContext, netuid: number): void {
  const s = ctx.state;
  const server = PendingServerEmission.get(s, netuid);
  const validator = PendingValidatorEmission.get(s, netuid);
  const ownerCut = PendingOwnerCut.get(s, netuid);
  const input = epochInput(s, netuid, ctx.blockNumber, server + validator);
  const out = runEpoch(input);
  PendingServerEmission.put(s, 0n, netuid);
  PendingValidatorEmission.put(s, 0n, netuid);
  PendingOwnerCut.put(s, 0n, netuid);
  BlocksSinceLastStep.put(s, 0n, netuid);
  LastMechansimStepBlock.put(s, BigInt(ctx.blockNumber), netuid);
  writeOutputs(s, netuid, out);

  const ownerHotkey = SubnetOwnerHotkey.get(s, netuid);
  for (let uid = 0; uid < out.emission.length; uid++) {
    const hotkey = Keys.get(s, netuid, uid);
    // Incentive earned by the owner's own hotkey is burned, as in subtensor (no self-mining).
    const miner = out.serverEmission[uid]!;
    if (miner > 0n && !u8aEq(hotkey, ownerHotkey))
      increaseStake(s, hotkey, Owner.get(s, hotkey), netuid, miner, false);
    creditHotkey(s, hotkey, netuid, out.validatorEmission[uid]!);
  }
  increaseStake(s, ownerHotkey, SubnetOwner.get(s, netuid), netuid, ownerCut, false);
  ctx.deposit(subtensorEvent('IncentiveAlphaEmittedToMiners', { netuid, emissions: out.serverEmission }));
}
