/**
 * Mechanisms (subtensor's `subnets/mechanism.rs`, minimally): a subnet has `MechanismCountCurrent`
 * mechanisms (default 1), each with its own weights, last-update vector and commits, stored under
 * `NetUidStorageIndex = mecid·4096 + netuid`; mechanism 0's index is the netuid itself, so storage
 * written by clients that know nothing of mechanisms stays where it was.
 */
import type { StateView } from '../../interface.js';
import { ensure } from './errors.js';
import { subnetExists } from './neurons.js';
import { MechanismCountCurrent } from './storage.js';

/** `GLOBAL_MAX_SUBNET_COUNT`: the stride between mechanisms in a storage index. */
export const GLOBAL_MAX_SUBNET_COUNT = 4096;

/** `get_mechanism_storage_index`: `mecid·4096 + netuid` (saturating at u16::MAX, as subtensor). */
export function storageIndex(netuid: number, mecid: number): number {
  return Math.min(0xffff, mecid * GLOBAL_MAX_SUBNET_COUNT + netuid);
}

/** The netuid and mechanism of a storage index. */
export function splitStorageIndex(index: number): { netuid: number; mecid: number } {
  return { netuid: index % GLOBAL_MAX_SUBNET_COUNT, mecid: Math.floor(index / GLOBAL_MAX_SUBNET_COUNT) };
}

/** `ensure_mechanism_exists`: the subnet exists and `mecid` is below its mechanism count. */
export function ensureMechanismExists(state: StateView, netuid: number, mecid: number): void {
  ensure(subnetExists(state, netuid), 'MechanismDoesNotExist');
  ensure(MechanismCountCurrent.get(state, netuid) > mecid, 'MechanismDoesNotExist');
}

/** The mechanisms of a subnet, `0..MechanismCountCurrent`. */
export function mechanismIds(state: StateView, netuid: number): number[] {
  return Array.from({ length: MechanismCountCurrent.get(state, netuid) }, (_, i) => i);
}
