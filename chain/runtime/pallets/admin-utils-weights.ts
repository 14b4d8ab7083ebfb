/**
 * AdminUtils' setters for timelocked commit-reveal and mechanisms (subtensor's `sudo_set_commit_reveal_version`,
 * `sudo_set_mechanism_count`, `sudo_set_mechanism_emission_split`, `sudo_set_max_mechanism_count`), with
 * the checks of `subnets/mechanism.rs`. Owner rate limits and the admin freeze window are not mirrored.
 */
import { dbWeight } from '../config.js';
import type { Hex } from '../interface.js';
import { type CallDef, type DispatchContext, ensureRoot } from '../pallet.js';
import { option, u8, u16, vec } from '../scale/ty.js';
import { ensureAllowed, netuidField } from './admin-utils-setters.js';
import { SUBTENSOR_CONSTANTS } from './subtensor/constants.js';
import { ensure } from './subtensor/errors.js';
import { mechanismIds, storageIndex } from './subtensor/mechanisms.js';
import { subnetExists } from './subtensor/neurons.js';
import {
  Bonds,
  Incentive,
  LastUpdate,
  MaxAllowedUids,
  MechanismCountCurrent,
  WeightCommits,
  Weights,
} from './subtensor/storage.js';
import {
  CommitRevealWeightsVersion,
  MaxMechanismCount,
  MechanismEmissionSplit,
  TimelockedWeightCommits,
} from './subtensor/storage-weights.js';
import { subtensorEvent } from './subtensor/types.js';

/** `MAX_MECHANISM_COUNT_PER_SUBNET`: 16 mechanisms × 4096 netuids fill the u16 storage index. */
const MAX_MECHANISM_COUNT_PER_SUBNET = 16;
const mechId = { ty: u8, typeName: 'MechId' };
const weight = () => 15_000_000n + dbWeight(1, 1);

/** Deletes every entry under `prefix` (`clear_prefix`). */
function clearPrefix(ctx: DispatchContext, prefix: Hex): void {
  for (const key of ctx.state.keys(prefix)) ctx.state.set(key, null);
}

/** `do_set_mechanism_count`; a lower count clears the dropped mechanisms' storage, any change resets the split. */
function setMechanismCount(ctx: DispatchContext, netuid: number, count: number): void {
  const s = ctx.state;
  ensure(subnetExists(s, netuid), 'MechanismDoesNotExist');
  ensure(count > 0, 'InvalidValue');
  ensure(count <= MaxMechanismCount.get(s), 'InvalidValue');
  ensure(
    MaxAllowedUids.get(s, netuid) * count <= SUBTENSOR_CONSTANTS.InitialMaxAllowedUids,
    'TooManyUIDsPerMechanism',
  );
  ensure(count <= MAX_MECHANISM_COUNT_PER_SUBNET, 'InvalidValue');
  const old = MechanismCountCurrent.get(s, netuid);
  if (old === count) return;
  for (const mecid of mechanismIds(s, netuid).slice(count)) {
    const index = storageIndex(netuid, mecid);
    clearPrefix(ctx, Weights.prefixOf(index));
    clearPrefix(ctx, Bonds.prefixOf(index));
    clearPrefix(ctx, WeightCommits.prefixOf(index));
    clearPrefix(ctx, TimelockedWeightCommits.prefixOf(index));
    Incentive.remove(s, index);
    LastUpdate.remove(s, index);
  }
  MechanismCountCurrent.put(s, count, netuid);
  MechanismEmissionSplit.remove(s, netuid);
}

export const adminUtilsWeightCalls: Record<string, CallDef> = {
  sudo_set_commit_reveal_version: {
    index: 71,
    args: { version: { ty: u16, typeName: 'u16' } },
    docs: [' Sets the commit-reveal client version timelocked commits must name.'],
    weight: () => 10_000_000n + dbWeight(0, 1),
    dispatch: (ctx, origin, a: { version: number }) => {
      ensureRoot(origin);
      CommitRevealWeightsVersion.put(ctx.state, a.version);
      ctx.deposit(subtensorEvent('CommitRevealVersionSet', [a.version]));
      return undefined;
    },
  },
  sudo_set_mechanism_count: {
    index: 76,
    args: { netuid: netuidField, mechanism_count: mechId },
    docs: [' Sets the number of mechanisms of a subnet (root or the subnet owner).'],
    weight,
    dispatch: (ctx, origin, a: { netuid: number; mechanism_count: number }) => {
      ensureAllowed(ctx, origin, a.netuid, 'owner');
      setMechanismCount(ctx, a.netuid, a.mechanism_count);
      return undefined;
    },
  },
  sudo_set_mechanism_emission_split: {
    index: 77,
    args: { netuid: netuidField, maybe_split: { ty: option(vec(u16)), typeName: 'Option<Vec<u16>>' } },
    docs: [' Sets how the subnet emission splits between its mechanisms (None: evenly).'],
    weight,
    dispatch: (ctx, origin, a: { netuid: number; maybe_split: number[] | undefined }) => {
      ensureAllowed(ctx, origin, a.netuid, 'owner');
      const s = ctx.state;
      ensure(subnetExists(s, a.netuid), 'MechanismDoesNotExist');
      const split = a.maybe_split;
      if (split === undefined) {
        MechanismEmissionSplit.remove(s, a.netuid);
        return undefined;
      }
      ensure(split.length > 0, 'InvalidValue');
      ensure(split.length <= MechanismCountCurrent.get(s, a.netuid), 'InvalidValue');
      ensure(split.reduce((t, x) => t + x, 0) === 65_535, 'InvalidValue');
      MechanismEmissionSplit.put(s, split, a.netuid);
      return undefined;
    },
  },
  sudo_set_max_mechanism_count: {
    index: 88,
    args: { max_mechanism_count: mechId },
    docs: [' Sets the most mechanisms a subnet may have (root).'],
    weight,
    dispatch: (ctx, origin, a: { max_mechanism_count: number }) => {
      ensureRoot(origin);
      ensure(a.max_mechanism_count > 0, 'InvalidValue');
      ensure(a.max_mechanism_count <= MAX_MECHANISM_COUNT_PER_SUBNET, 'InvalidValue');
      MaxMechanismCount.put(ctx.state, a.max_mechanism_count);
      return undefined;
    },
  },
};
