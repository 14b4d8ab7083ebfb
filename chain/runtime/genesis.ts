/**
 * Genesis state: `:code` (the runtime's identity for clients), System's genesis values (BlockHash(0)
 * placeholder `0x45..45` as Substrate writes), funded dev accounts //Alice..//Ferdie (sr25519) and
 * Alice as sudo key.
 */
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import type { GenesisConfig, Hex, RuntimeVersion } from './interface.js';
import type { PalletDef } from './pallet.js';
import { TotalIssuance } from './pallets/balances.js';
import { Key } from './pallets/sudo.js';
import {
  Account,
  BlockHash,
  emptyAccount,
  LastRuntimeUpgrade,
  ParentHash,
  UpgradedToTripleRefCount,
  UpgradedToU32RefCount,
} from './pallets/system.js';
import { StorageVersion } from './pallets/transaction-payment.js';
import { emptyState, Overlay } from './storage.js';

export const DEV_ACCOUNT_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;
/** 1,000,000 TAO per dev account (rao). */
export const DEV_ENDOWMENT = 1_000_000n * 1_000_000_000n;

export const CODE_KEY = u8aToHex(stringToU8a(':code')) as Hex;
const EXTRINSIC_INDEX_KEY = u8aToHex(stringToU8a(':extrinsic_index')) as Hex;

/** sr25519 public keys of the dev accounts (needs crypto ready). */
export function devAccounts(): Array<{ name: string; publicKey: Uint8Array }> {
  const keyring = new Keyring({ type: 'sr25519' });
  return DEV_ACCOUNT_NAMES.map((name) => ({ name, publicKey: keyring.addFromUri(`//${name}`).publicKey }));
}

/** Bytes stored at `:code`: names the runtime and spec (a new value marks an upgrade for clients). */
export function codeBytes(version: RuntimeVersion): Uint8Array {
  return stringToU8a(`expertnet-runtime:${version.specName}:${version.specVersion}`);
}

export function buildGenesis(
  config: GenesisConfig,
  version: RuntimeVersion,
  _pallets: readonly PalletDef[],
): Map<Hex, Uint8Array> {
  const state = new Overlay(emptyState);
  state.set(CODE_KEY, codeBytes(version));
  state.set(EXTRINSIC_INDEX_KEY, new Uint8Array(4));
  const hash69 = new Uint8Array(32).fill(69);
  BlockHash.put(state, hash69, 0);
  ParentHash.put(state, hash69);
  UpgradedToU32RefCount.put(state, true);
  UpgradedToTripleRefCount.put(state, true);
  LastRuntimeUpgrade.put(state, { spec_version: version.specVersion, spec_name: version.specName });
  StorageVersion.put(state, { tag: 'V2', value: undefined });
  let issuance = 0n;
  if (config.dev) {
    const accounts = devAccounts();
    for (const { publicKey } of accounts) {
      const info = emptyAccount();
      info.providers = 1;
      info.data.free = DEV_ENDOWMENT;
      Account.put(state, info, publicKey);
      issuance += DEV_ENDOWMENT;
    }
    Key.put(state, accounts[0]!.publicKey);
  }
  TotalIssuance.put(state, issuance);
  const out = new Map<Hex, Uint8Array>();
  for (const [k, v] of state.changes()) if (v !== null) out.set(k, v);
  return out;
}
