/**
 * Subnets and neurons: existence, the epoch calendar, uid assignment (append or replace the pruned
 * neuron), hotkey ownership and the per-uid vectors that grow with registrations.
 */
import { u8aEq } from '@polkadot/util';
import * as epoch from '../../../../shared/subtensor/epoch.js';
import type { StateView } from '../../interface.js';
import type { Overlay } from '../../storage.js';
import {
  Active,
  Axons,
  BlockAtRegistration,
  Bonds,
  Consensus,
  Dividends,
  Emission,
  ImmunityPeriod,
  Incentive,
  Keys,
  LastUpdate,
  NetworksAdded,
  OwnedHotkeys,
  Owner,
  Prometheus,
  StakeWeight,
  SubnetOwnerHotkey,
  SubnetworkN,
  Tempo,
  Uids,
  ValidatorPermit,
  ValidatorTrust,
  WeightCommits,
  Weights,
} from './storage.js';

export const subnetExists = (state: StateView, netuid: number): boolean => NetworksAdded.get(state, netuid);

export const uidOf = (state: StateView, netuid: number, hotkey: Uint8Array): number | undefined =>
  Uids.tryGet(state, netuid, hotkey);

/** Epoch number of `block` (`get_epoch_index`, calendar in shared/subtensor/epoch.ts), in the u64 the pallet stores. */
export function epochIndex(netuid: number, tempo: number, block: bigint): bigint {
  return BigInt(epoch.epochIndex(netuid, tempo, Number(block)));
}

/** First block of epoch `epoch` (`get_first_block_of_epoch`, saturating at 0), as a u64. */
export function firstBlockOfEpoch(netuid: number, tempo: number, epochNumber: bigint): bigint {
  return BigInt(epoch.firstBlockOfEpoch(netuid, tempo, Number(epochNumber)));
}

/** Does the subnet's epoch run at `block`? (never with tempo 0). */
export const isEpochBlock = epoch.isEpochBlock;

export function currentEpoch(state: StateView, netuid: number, block: number): bigint {
  return epochIndex(netuid, Tempo.get(state, netuid), BigInt(block));
}

/** Sets `vec[uid] = value`, padding with `fill` up to `n` entries (vectors track `SubnetworkN`). */
function setAt<V>(
  state: Overlay,
  item: { get(s: StateView, n: number): V[]; put(s: Overlay, v: V[], n: number): void },
  netuid: number,
  n: number,
  uid: number,
  value: V,
  fill: V,
): void {
  const v = item.get(state, netuid);
  while (v.length < n) v.push(fill);
  v[uid] = value;
  item.put(state, v, netuid);
}

/** Fresh per-uid values for a neuron taking `uid` at `block`. */
function resetUid(state: Overlay, netuid: number, n: number, uid: number, block: number): void {
  setAt(state, Active, netuid, n, uid, true, false);
  setAt(state, Consensus, netuid, n, uid, 0, 0);
  setAt(state, Incentive, netuid, n, uid, 0, 0);
  setAt(state, Dividends, netuid, n, uid, 0, 0);
  setAt(state, Emission, netuid, n, uid, 0n, 0n);
  setAt(state, ValidatorTrust, netuid, n, uid, 0, 0);
  setAt(state, ValidatorPermit, netuid, n, uid, false, false);
  setAt(state, StakeWeight, netuid, n, uid, 0, 0);
  setAt(state, LastUpdate, netuid, n, uid, BigInt(block), 0n);
  BlockAtRegistration.put(state, BigInt(block), netuid, uid);
}

/** Adds `hotkey` as the next uid (`append_neuron`). */
export function appendNeuron(state: Overlay, netuid: number, hotkey: Uint8Array, block: number): number {
  const uid = SubnetworkN.get(state, netuid);
  SubnetworkN.put(state, uid + 1, netuid);
  Keys.put(state, hotkey, netuid, uid);
  Uids.put(state, uid, netuid, hotkey);
  resetUid(state, netuid, uid + 1, uid, block);
  return uid;
}

/** Gives `uid` to `hotkey`, dropping the old neuron's keys, serving info, weights, bonds and commits. */
export function replaceNeuron(
  state: Overlay,
  netuid: number,
  uid: number,
  hotkey: Uint8Array,
  block: number,
): void {
  const old = Keys.get(state, netuid, uid);
  Uids.remove(state, netuid, old);
  Axons.remove(state, netuid, old);
  Prometheus.remove(state, netuid, old);
  WeightCommits.remove(state, netuid, old);
  Weights.remove(state, netuid, uid);
  Bonds.remove(state, netuid, uid);
  Keys.put(state, hotkey, netuid, uid);
  Uids.put(state, uid, netuid, hotkey);
  resetUid(state, netuid, SubnetworkN.get(state, netuid), uid, block);
}

/**
 * The uid to replace when the subnet is full: outside its `ImmunityPeriod` and not the owner's hotkey,
 * lowest emission, then earliest registration, then lowest uid. `undefined` when every neuron is immune.
 */
export function neuronToPrune(state: StateView, netuid: number, block: number): number | undefined {
  const n = SubnetworkN.get(state, netuid);
  const immunity = BigInt(ImmunityPeriod.get(state, netuid));
  const emission = Emission.get(state, netuid);
  const ownerHotkey = SubnetOwnerHotkey.get(state, netuid);
  let best: { uid: number; emission: bigint; registered: bigint } | undefined;
  for (let uid = 0; uid < n; uid++) {
    const registered = BlockAtRegistration.get(state, netuid, uid);
    if (BigInt(block) - registered < immunity) continue;
    if (u8aEq(Keys.get(state, netuid, uid), ownerHotkey)) continue;
    const e = emission[uid] ?? 0n;
    if (!best || e < best.emission || (e === best.emission && registered < best.registered)) {
      best = { uid, emission: e, registered };
    }
  }
  return best?.uid;
}

/** Hotkey accounts: a hotkey belongs to the first coldkey that registers or creates it. */
export function hotkeyExists(state: StateView, hotkey: Uint8Array): boolean {
  return Owner.contains(state, hotkey);
}

export function ownsHotkey(state: StateView, coldkey: Uint8Array, hotkey: Uint8Array): boolean {
  return u8aEq(Owner.get(state, hotkey), coldkey);
}

/** `create_account_if_non_existent`: records `coldkey` as the owner of a new hotkey. */
export function createHotkeyAccount(state: Overlay, coldkey: Uint8Array, hotkey: Uint8Array): void {
  if (hotkeyExists(state, hotkey)) return;
  Owner.put(state, coldkey, hotkey);
  const owned = OwnedHotkeys.get(state, coldkey);
  if (!owned.some((h) => u8aEq(h, hotkey))) OwnedHotkeys.put(state, [...owned, hotkey], coldkey);
}
