/**
 * yargs builders for the dotted options several commands share (`--wallet.*`, `--subtensor.*`), so each flag
 * reads and behaves the same in the miner, the validator, `expertnet wallet` and `expertnet metagraph`.
 * Light imports only: `--help` and flag errors must not wait for @polkadot/api or wasm crypto.
 */
import type { Argv } from 'yargs';
import { NETWORK_NAMES } from './chain/endpoints.js';

/**
 * Declares the parents of dotted options, hidden: yargs strict mode otherwise takes the group (`wallet` in
 * `--wallet.name`, or a nested group of a `--config` file) for an unknown argument.
 */
export function hiddenParents<T>(y: Argv<T>, groups: readonly string[]): Argv<T> {
  let out = y;
  for (const group of groups) out = out.option(group, { hidden: true });
  return out;
}

export interface WalletOptionDefaults {
  /** Default `--wallet.name`; without it the caller resolves $BT_WALLET_NAME or `default` at run time. */
  name?: string;
  /** Default `--wallet.hotkey`; without it the caller resolves $BT_WALLET_HOTKEY or `default` at run time. */
  hotkey?: string;
}

/** `--wallet.name`, `--wallet.hotkey`, `--wallet.path` (btcli's names) and their hidden parent. */
export function walletOptions<T>(y: Argv<T>, defaults: WalletOptionDefaults = {}) {
  return y
    .option('wallet', { hidden: true })
    .option(
      'wallet.name',
      defaults.name === undefined
        ? { type: 'string', describe: 'Wallet name (default $BT_WALLET_NAME or default)' }
        : { type: 'string', default: defaults.name, describe: 'Wallet name' },
    )
    .option(
      'wallet.hotkey',
      defaults.hotkey === undefined
        ? { type: 'string', describe: 'Hotkey name (default $BT_WALLET_HOTKEY or default)' }
        : { type: 'string', default: defaults.hotkey, describe: 'Hotkey name' },
    )
    .option('wallet.path', {
      type: 'string',
      describe: 'Wallets directory (default $BT_WALLET_PATH or ~/.bittensor/wallets)',
    });
}

/** `--subtensor.network`, `--subtensor.chain_endpoint` and their hidden parent; see `resolveEndpoint`. */
export function subtensorOptions<T>(y: Argv<T>) {
  return y
    .option('subtensor', { hidden: true })
    .option('subtensor.network', {
      type: 'string',
      default: 'local',
      describe: `Network: ${NETWORK_NAMES.join('|')}`,
    })
    .option('subtensor.chain_endpoint', {
      type: 'string',
      describe: 'ws(s):// endpoint (wins over --subtensor.network)',
    });
}
