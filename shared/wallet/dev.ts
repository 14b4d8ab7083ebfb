/**
 * Well-known development keys (`//Alice`, `//Bob`, ...) for tests and the devnet: never use them on a
 * real network, their secrets are public.
 */
import { Sr25519Keypair } from './keypair.js';
import { Wallet, type WalletOptions } from './wallet.js';

export interface DevWallet {
  coldkey: Sr25519Keypair;
  hotkey: Sr25519Keypair;
}

/**
 * Coldkey from `uri` (e.g. `//Alice`, funded in the dev chain's genesis) and hotkey from
 * `hotkeyUri` (default `<uri>//hotkey`), in memory.
 */
export function createDevWallet(uri = '//Alice', hotkeyUri = `${uri}//hotkey`): DevWallet {
  return { coldkey: Sr25519Keypair.fromUri(uri), hotkey: Sr25519Keypair.fromUri(hotkeyUri) };
}

/** Writes a dev wallet to disk, unencrypted, so daemons and the CLI can load it like any wallet. */
export async function writeDevWallet(
  dev: DevWallet,
  options: Pick<WalletOptions, 'name' | 'hotkey' | 'path'> & { overwrite?: boolean },
): Promise<Wallet> {
  const wallet = new Wallet(options);
  await wallet.writeColdkey(dev.coldkey, { overwrite: options.overwrite });
  await wallet.writeHotkey(dev.hotkey, { overwrite: options.overwrite });
  return wallet;
}
