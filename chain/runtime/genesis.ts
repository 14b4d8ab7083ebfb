/**
 * Genesis state: `:code` (the runtime's identity for clients), System's genesis values (BlockHash(0)
 * placeholder `0x45..45` as Substrate writes), funded dev accounts //Alice..//Ferdie (sr25519) and
 * Alice as sudo key.
 */
import { hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
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

/**
 * sr25519 public keys of `//Alice`..`//Ferdie` (Substrate's well-known dev keys). Constants because
 * deriving them from the dev phrase costs ~180 ms of node start-up; a test pins them to the keyring.
 */
const DEV_PUBLIC_KEYS: Record<(typeof DEV_ACCOUNT_NAMES)[number], Hex> = {
  Alice: '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
  Bob: '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48',
  Charlie: '0x90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22',
  Dave: '0x306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20',
  Eve: '0xe659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e',
  Ferdie: '0x1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c',
};

/** sr25519 public keys of the dev accounts. */
export function devAccounts(): Array<{ name: string; publicKey: Uint8Array }> {
  return DEV_ACCOUNT_NAMES.map((name) => ({ name, publicKey: hexToU8a(DEV_PUBLIC_KEYS[name]) }));
}

/** Bytes stored at `:code`: names the runtime and spec (a new value marks an upgrade for clients). */
export function codeBytes(version: RuntimeVersion): Uint8Array {
  return stringToU8a(`expertnet-runtime:${version.specName}:${version.specVersion}`);
}

export function buildGenesis(
  config: GenesisConfig,
  version: RuntimeVersion,
  pallets: readonly PalletDef[],
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
  for (const p of pallets) p.genesis?.(state, config);
  const out = new Map<Hex, Uint8Array>();
  for (const [k, v] of state.changes()) if (v !== null) out.set(k, v);
  return out;
}
