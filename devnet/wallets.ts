/**
 * The devnet's dev keys written as ordinary unencrypted wallets (`<name>/coldkeypub.txt`, `hotkeys/default`):
 * the miner and validator daemons load them like any wallet, in a devnet or in the compose setup.
 */
import { createDevWallet, writeDevWallet } from '../shared/wallet/index.js';
import type { NeuronPlan } from './roster.js';

/** Writes one wallet per neuron, named after it, hotkey `default`; existing files are replaced. */
export async function writeRosterWallets(roster: readonly NeuronPlan[], walletPath: string): Promise<void> {
  for (const n of roster) {
    await writeDevWallet(createDevWallet(n.coldkeyUri, n.hotkeyUri), {
      name: n.name,
      hotkey: 'default',
      path: walletPath,
      overwrite: true,
    });
  }
}
