/**
 * Registration: `register_network` (a subnet owned by the signing coldkey; the lock seeds its TAO/alpha
 * pool) and `burned_register` / `register` (a uid for a hotkey, paid by burning `Burn`: the TAO buys alpha
 * from the pool and that alpha is burned; the price then rises by `BurnIncreaseMult`, see burn.ts).
 */

import type { StateView } from '../../interface.js';
import type { DispatchContext } from '../../pallet.js';
import { TotalIssuance as BalancesIssuance, freeBalance, withdraw } from '../balances.js';
import { bumpRegistrationPrice, payRegistrationBurn } from './burn.js';
import { ensure, fail } from './errors.js';
import {
  appendNeuron,
  createHotkeyAccount,
  hotkeyExists,
  neuronToPrune,
  ownsHotkey,
  replaceNeuron,
  subnetExists,
  uidOf,
} from './neurons.js';
import {
  Burn,
  ImmunityPeriod,
  MaxAllowedUids,
  MaxAllowedValidators,
  MinAllowedWeights,
  NetworkLastLockCost,
  NetworkLockReductionInterval,
  NetworkMinLockCost,
  NetworkRegisteredAt,
  NetworkRegistrationAllowed,
  NetworksAdded,
  SubnetLocked,
  SubnetMechanism,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetworkN,
  TotalNetworks,
  Yuma3On,
} from './storage.js';
import { initSubnetPool } from './swap.js';
import { MAX_NETUID, subtensorEvent, TAO } from './types.js';

/** `get_network_lock_cost`: twice the last lock, decaying linearly back to the minimum. */
export function networkLockCost(state: StateView, block: number): bigint {
  const last = NetworkLastLockCost.get(state);
  const min = NetworkMinLockCost.get(state);
  const interval = NetworkLockReductionInterval.get(state);
  let lastRegistered = 0n;
  for (let netuid = 1; netuid <= TotalNetworks.get(state); netuid++) {
    const at = NetworkRegisteredAt.get(state, netuid);
    if (at > lastRegistered) lastRegistered = at;
  }
  const reduction = interval === 0n ? 0n : ((BigInt(block) - lastRegistered) * last) / interval;
  const cost = last * 2n - reduction;
  return cost < min ? min : cost;
}

/** `init_new_network` with the overrides subtensor applies to every new subnet. */
function initNewNetwork(ctx: DispatchContext, netuid: number): void {
  const s = ctx.state;
  NetworksAdded.put(s, true, netuid);
  SubnetworkN.put(s, 0, netuid);
  NetworkRegisteredAt.put(s, BigInt(ctx.blockNumber), netuid);
  TotalNetworks.put(s, TotalNetworks.get(s) + 1);
  MaxAllowedValidators.put(s, 64, netuid);
  MinAllowedWeights.put(s, 1, netuid);
  ImmunityPeriod.put(s, 5000, netuid);
  Yuma3On.put(s, true, netuid);
  Burn.put(s, TAO, netuid);
}

/** `do_register_network`: the owner's hotkey becomes uid 0 of the new subnet. */
export function registerNetwork(ctx: DispatchContext, coldkey: Uint8Array, hotkey: Uint8Array): number {
  const s = ctx.state;
  ensure(!hotkeyExists(s, hotkey) || ownsHotkey(s, coldkey, hotkey), 'NonAssociatedColdKey');
  const cost = networkLockCost(s, ctx.blockNumber);
  ensure(freeBalance(s, coldkey) >= cost, 'CannotAffordLockCost');
  let netuid = 1;
  while (netuid <= MAX_NETUID && NetworksAdded.get(s, netuid)) netuid++;
  ensure(netuid <= MAX_NETUID, 'SubnetLimitReached');
  // The lock leaves the free balances and becomes the new subnet's pool (TotalStake counts it).
  withdraw(ctx, coldkey, cost, false);
  BalancesIssuance.put(s, BalancesIssuance.get(s) - cost);
  NetworkLastLockCost.put(s, cost);
  SubnetLocked.put(s, cost, netuid);
  initNewNetwork(ctx, netuid);
  SubnetMechanism.put(s, 1, netuid);
  initSubnetPool(s, netuid, cost);
  SubnetOwner.put(s, coldkey, netuid);
  SubnetOwnerHotkey.put(s, hotkey, netuid);
  createHotkeyAccount(s, coldkey, hotkey);
  appendNeuron(s, netuid, hotkey, ctx.blockNumber);
  ctx.deposit(subtensorEvent('NetworkAdded', [netuid, 0]));
  return netuid;
}

/** `do_register` (burned): a uid for `hotkey`, replacing the prunable neuron when the subnet is full. */
export function burnedRegister(
  ctx: DispatchContext,
  coldkey: Uint8Array,
  netuid: number,
  hotkey: Uint8Array,
): number {
  const s = ctx.state;
  ensure(subnetExists(s, netuid), 'SubnetNotExists');
  ensure(netuid !== 0, 'RegistrationNotPermittedOnRootSubnet');
  ensure(NetworkRegistrationAllowed.get(s, netuid), 'SubNetRegistrationDisabled');
  ensure(uidOf(s, netuid, hotkey) === undefined, 'HotKeyAlreadyRegisteredInSubNet');
  const burn = Burn.get(s, netuid);
  ensure(freeBalance(s, coldkey) >= burn, 'NotEnoughBalanceToStake');
  ensure(!hotkeyExists(s, hotkey) || ownsHotkey(s, coldkey, hotkey), 'NonAssociatedColdKey');
  const n = SubnetworkN.get(s, netuid);
  let uid: number;
  if (n < MaxAllowedUids.get(s, netuid)) {
    uid = appendNeuron(s, netuid, hotkey, ctx.blockNumber);
  } else {
    const pruned = neuronToPrune(s, netuid, ctx.blockNumber);
    if (pruned === undefined) throw fail('NoNeuronIdAvailable');
    uid = pruned;
    replaceNeuron(s, netuid, uid, hotkey, ctx.blockNumber);
  }
  withdraw(ctx, coldkey, burn, false);
  BalancesIssuance.put(s, BalancesIssuance.get(s) - burn);
  payRegistrationBurn(s, netuid, burn);
  bumpRegistrationPrice(s, netuid);
  createHotkeyAccount(s, coldkey, hotkey);
  ctx.deposit(subtensorEvent('NeuronRegistered', [netuid, uid, hotkey]));
  return uid;
}
