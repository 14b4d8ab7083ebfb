/** Creating a subnet on the in-process dev chain, as every chain-backed test does it. */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import '../shared/chain/augment/index.js';
import type { PolkadotChainClient } from '../shared/chain/index.js';

/** `//Alice`: the dev chain's sudo key and a genesis-funded coldkey. */
export function devAlice(): KeyringPair {
  return new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
}

/**
 * `register_network` signed by `coldkey` (default Alice) with `ownerHotkey` as uid 0; returns the new
 * netuid: the highest one that coldkey owns (the chain's event names it, but `TxResult` keeps only names).
 */
export async function registerSubnet(
  chain: PolkadotChainClient,
  ownerHotkey: string,
  coldkey: KeyringPair = devAlice(),
): Promise<number> {
  const api = chain.api;
  const added = await chain.submit(
    'SubtensorModule.register_network',
    api.tx.subtensorModule.registerNetwork(ownerHotkey),
    coldkey,
  );
  if (!added.events.includes('subtensorModule.NetworkAdded')) throw new Error('no NetworkAdded event');
  const owners = await api.query.subtensorModule.subnetOwner.entries();
  return Math.max(
    ...owners
      .filter(([, owner]) => owner.toString() === coldkey.address)
      .map(([key]) => key.args[0].toNumber()),
  );
}
